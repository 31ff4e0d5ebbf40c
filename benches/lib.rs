//! The request path of a generated call, without the network: what
//! `RemoveNodeRequest::send` and the runtime do before bytes go out (typed body, path, JSON
//! body, headers, SDK-HMAC-SHA256 signature, the HTTP request object). Shared by the
//! criterion benchmarks (`benches/request.rs`) and `cargo xtask bench request`.

pub mod measure;

use huaweicloud_sdk_cce::v3::models::{Login, NodeItem, RemoveNodeRequestBody, RemoveNodesSpec};
use huaweicloud_sdk_core::signer::{self, Algorithm, QueryValue, SignableRequest, SigningKey};
use huaweicloud_sdk_core::{expand_path, json, Method, Request, UnmodeledError};

/// The documented request example of RemoveNode (`spec-docs/cce/remove-node.zh-cn.md`).
pub fn remove_node_body() -> RemoveNodeRequestBody {
    let nodes = [
        "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
        "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy",
    ]
    .into_iter()
    .map(|uid| NodeItem {
        uid: Some(uid.to_owned()),
    })
    .collect();
    let spec = RemoveNodesSpec {
        login: Some(Login {
            ssh_key: Some("myKeypair".to_owned()),
            user_password: None,
        }),
        nodes: Some(nodes),
    };
    RemoveNodeRequestBody::builder()
        .spec(spec)
        .build()
        .expect("spec is set")
}

/// The documented response example of RemoveNode (status 200).
pub const REMOVE_NODE_RESPONSE: &str = r#"{
  "spec" : {
    "login" : {
      "sshKey" : "myKeypair",
      "userPassword" : { }
    },
    "nodes" : [ {
      "uid" : "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
    }, {
      "uid" : "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
    } ]
  },
  "status" : {
    "jobID" : "2ec9b78d-9368-46f3-8f29-d1a95622a568"
  }
}"#;

/// Fixed inputs of the signed request.
pub const AK: &str = "AKBENCHAKBENCHAKBENC";
/// Secret key of the benchmarks (not a real one).
pub const SK: &str = "skbenchskbenchskbenchskbenchskbenchskbe";
/// Project id of the benchmarks.
pub const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
/// Host of the benchmarks.
pub const HOST: &str = "cce.cn-north-4.myhuaweicloud.com";

/// One request to sign: the RemoveNode headers as the client builds them.
pub fn signable(body: &[u8]) -> SignableRequest<'_> {
    SignableRequest {
        method: "PUT",
        host: HOST,
        path:
            "/api/v3/projects/0123456789abcdef0123456789abcdef/clusters/c1/nodes/operation/remove",
        query: Vec::<(String, QueryValue)>::new(),
        headers: vec![
            (
                "User-Agent".to_owned(),
                "huaweicloud-usdk-rust/0.1".to_owned(),
            ),
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("X-Project-Id".to_owned(), PROJECT_ID.to_owned()),
        ],
        body,
    }
}

/// The signing key of the benchmarks.
pub fn key() -> SigningKey<'static> {
    SigningKey {
        algorithm: Algorithm::SdkHmacSha256,
        ak: AK,
        sk: SK,
        region_id: None,
        derived_service_name: None,
    }
}

/// Builds, signs and serializes one RemoveNode call the way the generated `send` and the
/// runtime's `Client` do, up to the `reqwest::Request` handed to the connection pool.
pub fn build_sign_serialize(http: &reqwest::Client, now: time::OffsetDateTime) -> reqwest::Request {
    // Generated code: typed body, path parameters, JSON body.
    let body = remove_node_body();
    let path = expand_path::<UnmodeledError>(
        "/api/v3/projects/{project_id}/clusters/{cluster_id}/nodes/operation/remove",
        &[("cluster_id", "c1")],
    )
    .expect("path");
    let request = Request::new(Method::PUT, path)
        .operation("RemoveNode")
        .body(json::to_vec::<_, UnmodeledError>(&body).expect("json"));
    // Runtime: project id, headers, signature, URL, header map.
    let path = request.path.replace("{project_id}", PROJECT_ID);
    let bytes = request.body.as_deref().unwrap_or_default();
    let mut signable = signable(bytes);
    signable.path = &path;
    let out = signer::sign(signable, &key(), now).expect("sign");
    let url = reqwest::Url::parse(&format!("https://{HOST}{}", out.uri)).expect("url");
    let mut headers = reqwest::header::HeaderMap::with_capacity(out.headers.len());
    for (name, value) in &out.headers {
        if name.eq_ignore_ascii_case("host") {
            continue;
        }
        headers.append(
            reqwest::header::HeaderName::from_bytes(name.as_bytes()).expect("name"),
            reqwest::header::HeaderValue::from_str(value).expect("value"),
        );
    }
    http.request(request.method.clone(), url)
        .headers(headers)
        .body(request.body.clone().unwrap_or_default())
        .build()
        .expect("request")
}
