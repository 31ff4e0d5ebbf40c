//! A small deterministic random source and the mutations of the fuzz loop: byte-level
//! (flip, insert, delete, duplicate, splice with another seed) and token-level (the pieces
//! reference pages and JSON are built of, repeated to depth).

/// SplitMix64: deterministic from the seed, so a run can be repeated.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Pieces of reference pages: table and section syntax of the three formats, method lines,
/// type cells, JSON punctuation, and bytes parsers trip over.
const PAGE_TOKENS: &[&str] = &[
    "|",
    "| --- |",
    "\n|",
    "<table>",
    "</table>",
    "<tr>",
    "</tr>",
    "<td>",
    "</td>",
    "<th>",
    "<td colspan=\"99999\">",
    "<td rowspan=\"4294967295\">",
    "<p>",
    "</p>",
    "<br>",
    "<a name=\"x\">",
    "```",
    "```json\n",
    "\n```\n",
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "**",
    "\n## URI\n",
    "\n## 请求参数\n",
    "\n## 响应参数\n",
    "\n## 请求示例\n",
    "\n## 响应示例\n",
    "\n**状态码： 200**\n",
    "\nPOST /v3/{project_id}/x\n",
    "\nGET /v1.0/{project_id}/y?limit={limit}\n",
    "{project_id}",
    "String",
    "Integer",
    "Array of objects",
    "Map<String,String>",
    "表1",
    "Table 7",
    "object",
    "是",
    "否",
    "Yes",
    "No",
    "参数",
    "类型",
    "描述",
    "废弃",
    "\u{0}",
    "\r",
    "\r\n",
    "\u{feff}",
    "\u{200b}",
    "\u{fffd}",
    "\\",
    "\\{",
    "&nbsp;",
    "&#x0;",
    "&#99999999;",
    "<!--",
    "-->",
    "<![CDATA[",
    "\t",
    "99999999999999999999999999",
    "-0.0e-99999",
    "NaN",
    "null",
    "true",
    "（",
    "）",
    "：",
    "，",
];

/// Pieces of JSON bodies, including hostile ones.
const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1e309",
    "-1e309",
    "18446744073709551616",
    "-9223372036854775809",
    "0.1e-400",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\uDFFF\\uD800\"",
    "\"\\\\\"",
    "\u{0}",
    "\u{1b}[2J",
    "\u{fffd}",
    "\"password\": \"p\"",
    "\"error_code\": \"X.1\"",
    "\"error_msg\": \"m\"",
    "\"message\": {\"code\": 1}",
    "{\"a\":",
    "\"error\": {\"code\": \"E\", \"message\": \"M\"}",
    "\"error_msg\": \"{\\\"code\\\": \\\"I\\\"}\"",
];

/// Raw bytes that are not UTF-8 or are control characters.
const BAD_BYTES: &[&[u8]] = &[
    b"\xff",
    b"\xfe\xff",
    b"\xc3",
    b"\xe2\x82",
    b"\xf0\x9f\x92",
    b"\xed\xa0\x80",
    b"\xc0\x80",
    b"\x00",
    b"\x1b",
    b"\x7f",
    b"\x85",
];

/// What kind of input is being mutated.
#[derive(Clone, Copy)]
pub enum Kind {
    Page,
    Json,
}

/// One to eight stacked mutations of `input` (`other`: another seed, for splicing).
pub fn mutate(rng: &mut Rng, input: &mut Vec<u8>, other: &[u8], kind: Kind) {
    let tokens = match kind {
        Kind::Page => PAGE_TOKENS,
        Kind::Json => JSON_TOKENS,
    };
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let len = input.len();
        let at = rng.below(len + 1);
        match rng.below(11) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            2 => {
                let n = 1 + rng.below(16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                input.splice(at..at, bytes);
            }
            3 if len > 0 => {
                let n = 1 + rng.below((len - at).clamp(1, 256));
                let end = (at + n).min(len);
                input.drain(at..end);
            }
            4 if len > 0 => {
                // Duplicate a range, sometimes many times (deep nesting, long rows).
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let piece = input[start..end].to_vec();
                let times = if rng.chance(8) {
                    1 + rng.below(2000)
                } else {
                    1
                };
                let repeated = piece.repeat(times);
                input.splice(at..at, repeated);
            }
            5 | 6 => {
                let token = rng.pick(tokens).as_bytes().to_vec();
                let times = if rng.chance(16) {
                    1 + rng.below(5000)
                } else {
                    1
                };
                input.splice(at..at, token.repeat(times));
            }
            7 => {
                let bad = rng.pick(BAD_BYTES).to_vec();
                input.splice(at..at, bad);
            }
            8 if !other.is_empty() => {
                // Splice: a piece of another seed.
                let start = rng.below(other.len());
                let end = (start + 1 + rng.below(4096)).min(other.len());
                input.splice(at..at, other[start..end].iter().copied());
            }
            9 if len > 0 => {
                // Truncate.
                input.truncate(at);
            }
            _ => {
                // Replace a run of digits or a token with a huge number.
                let digits = 1 + rng.below(400);
                let number: Vec<u8> = std::iter::once(b'1')
                    .chain(std::iter::repeat_n(b'9', digits))
                    .collect();
                input.splice(at..at, number);
            }
        }
        // Keep inputs bounded: pages up to 2 MB, bodies up to 1 MB.
        let cap = match kind {
            Kind::Page => 2 << 20,
            Kind::Json => 1 << 20,
        };
        input.truncate(cap);
    }
}

/// A JSON value built to be hostile: deep, wide, huge numbers, duplicate keys, controls.
pub fn hostile_json(rng: &mut Rng) -> Vec<u8> {
    match rng.below(6) {
        0 => {
            let depth = 1 + rng.below(200_000);
            let open = if rng.chance(2) { "[" } else { "{\"a\":" };
            let mut v = open.repeat(depth).into_bytes();
            v.extend(b"1");
            let close = if open == "[" { "]" } else { "}" };
            v.extend(close.repeat(rng.below(depth + 1)).into_bytes());
            v
        }
        1 => {
            let digits = 1 + rng.below(20_000);
            let mut v = b"{\"count\": ".to_vec();
            if rng.chance(2) {
                v.push(b'-');
            }
            v.push(b'1');
            v.extend(std::iter::repeat_n(b'0', digits));
            if rng.chance(2) {
                v.extend(b".5e-3");
            }
            v.push(b'}');
            v
        }
        2 => {
            let n = 1 + rng.below(1000);
            let mut v = b"{".to_vec();
            for i in 0..n {
                if i > 0 {
                    v.push(b',');
                }
                v.extend(b"\"id\": \"x\", \"job_id\": 1");
            }
            v.push(b'}');
            v
        }
        3 => {
            let n = 1 + rng.below(100_000);
            let mut v = b"{\"error_msg\": \"".to_vec();
            v.extend(std::iter::repeat_n(b'\x01', n));
            v.extend(b"\"}");
            v
        }
        4 => vec![0u8; rng.below(1 << 16)],
        _ => {
            let n = rng.below(1 << 12);
            (0..n).map(|_| rng.next() as u8).collect()
        }
    }
}
