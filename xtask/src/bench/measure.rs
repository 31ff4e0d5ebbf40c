//! Wall time, CPU and peak RSS of a child process (`wait4`), and small statistics.

use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context};

/// What one child process cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    /// Wall-clock seconds.
    pub wall: f64,
    /// User + system CPU seconds of the child and the descendants it reaped.
    pub cpu: f64,
    /// Peak resident set size in MiB (the largest of the child and its reaped descendants).
    pub peak_mib: f64,
}

/// Runs `cmd` to completion and returns its usage. Fails when it exits non-zero.
pub fn run(cmd: &mut Command) -> anyhow::Result<Usage> {
    Ok(run_capture(cmd)?.0)
}

/// Runs `cmd` with its standard output captured (it must stay under a pipe's buffer, 64 KiB,
/// as it is read after the child exits) and returns usage and output.
pub fn run_capture(cmd: &mut Command) -> anyhow::Result<(Usage, String)> {
    let start = Instant::now();
    let mut child = cmd.spawn().with_context(|| format!("spawning {cmd:?}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; wait4 fills it for our own child.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    let wall = start.elapsed().as_secs_f64();
    let mut out = String::new();
    if let Some(mut pipe) = child.stdout.take() {
        use std::io::Read;
        pipe.read_to_string(&mut out)?;
    }
    // The child is reaped; dropping the handle does not wait again.
    drop(child);
    if r != pid {
        bail!("wait4 failed for {cmd:?}");
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        bail!("{cmd:?} failed (wait status {status})");
    }
    let usage = Usage {
        wall,
        cpu: tv(ru.ru_utime) + tv(ru.ru_stime),
        peak_mib: ru.ru_maxrss as f64 / 1024.0,
    };
    Ok((usage, out))
}

/// `run` with stdout and stderr discarded.
pub fn run_quiet(cmd: &mut Command) -> anyhow::Result<Usage> {
    run(cmd.stdout(Stdio::null()).stderr(Stdio::null()))
}

fn tv(t: libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 / 1e6
}

/// Median of the usages, field by field.
pub fn median_usage(runs: &[Usage]) -> Usage {
    Usage {
        wall: median(runs.iter().map(|u| u.wall)),
        cpu: median(runs.iter().map(|u| u.cpu)),
        peak_mib: median(runs.iter().map(|u| u.peak_mib)),
    }
}

/// Median (the mean of the two middle values for an even count); 0 for none.
pub fn median(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.into_iter().collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The 1-minute load average, to print beside figures measured on a shared machine.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// The workspace root (xtask's parent).
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent")
        .to_path_buf()
}
