//! `HTTPS_PROXY`/`HTTP_PROXY` and `NO_PROXY` from the environment are honoured.
//! (Its own test binary: it sets process environment variables before any
//! HTTP client is built.)

mod common;

use std::time::Duration;

use common::{Action, FaultServer};
use huaweicloud_sdk_core::{
    AkSkCredentials, Client, Config, Method, ProxyConfig, Request, RetryPolicy, Secret,
    ServiceInfo, UnmodeledError,
};

#[tokio::test]
async fn environment_proxy_settings_are_honoured() {
    let proxy = FaultServer::start(|r, _| {
        if r.method == "CONNECT" {
            Action::status(403, "")
        } else {
            Action::status(200, "{}")
        }
    })
    .await;
    let direct = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    for var in [
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "ALL_PROXY",
        "no_proxy",
    ] {
        std::env::remove_var(var);
    }
    std::env::set_var("HTTP_PROXY", proxy.url());
    std::env::set_var("HTTPS_PROXY", proxy.url());
    std::env::set_var("NO_PROXY", "127.0.0.1,localhost");

    let config = Config::new(AkSkCredentials::new("ak", "sk"))
        .with_retry_policy(RetryPolicy::disabled())
        .with_total_timeout(Some(Duration::from_secs(5)));
    let svc = ServiceInfo::new("svc", "https://svc.example");

    // Plain HTTP through HTTP_PROXY: absolute-form request line.
    let client = Client::new(
        &config.clone().with_endpoint("http://svc.example.invalid"),
        svc.clone(),
    )
    .unwrap();
    let raw = client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/x"))
        .await
        .unwrap();
    assert_eq!(raw.status, 200);
    let seen = proxy.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].target, "http://svc.example.invalid/v1/x");

    // HTTPS through HTTPS_PROXY: a CONNECT tunnel (refused by this proxy).
    let client = Client::new(
        &config.clone().with_endpoint("https://svc.example.invalid"),
        svc.clone(),
    )
    .unwrap();
    assert!(client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/x"))
        .await
        .is_err());
    let seen = proxy.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].method, "CONNECT");
    assert_eq!(seen[1].target, "svc.example.invalid:443");

    // NO_PROXY: straight to the server.
    let client = Client::new(&config.clone().with_endpoint(direct.url()), svc.clone()).unwrap();
    client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/x"))
        .await
        .unwrap();
    assert_eq!(direct.total(), 1);
    assert_eq!(proxy.total(), 2);

    // An explicit proxy URL still honours NO_PROXY; Disabled ignores the env.
    let explicit = config
        .clone()
        .with_proxy(ProxyConfig::Url(Secret::new(proxy.url())));
    let client = Client::new(&explicit.clone().with_endpoint(direct.url()), svc.clone()).unwrap();
    client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/y"))
        .await
        .unwrap();
    assert_eq!(direct.total(), 2);
    let client = Client::new(
        &explicit.with_endpoint("http://other.example.invalid"),
        svc.clone(),
    )
    .unwrap();
    client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/z"))
        .await
        .unwrap();
    assert_eq!(
        proxy.requests()[2].target,
        "http://other.example.invalid/v1/z"
    );
}
