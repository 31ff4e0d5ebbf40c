//! Paginators against a loopback server: every pagination style walks 3 pages (6 items) and
//! stops, on a page without a next marker or on an empty page; a repeated marker and a server
//! that ignores the offset stop the walk; errors end the stream.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{Action, FaultServer, Received};
use futures_util::TryStreamExt;
use huaweicloud_sdk_core::meta::{
    Customize, NextMarker, OperationInfo, PageStyle, Pagination, ParamInfo,
};
use huaweicloud_sdk_core::pagination::{JsonPaginator, Paginated};
use huaweicloud_sdk_core::{
    AkSkCredentials, Client, Config, Operation, OperationError, ProxyConfig, RetryPolicy, SdkError,
    ServiceInfo,
};
use serde_json::{json, Value};

#[derive(Debug, thiserror::Error)]
#[error("list failed ({0})")]
struct ListError(u16);

impl OperationError for ListError {
    fn from_response(status: u16, _body: &[u8]) -> Self {
        ListError(status)
    }
    fn variant(&self) -> &'static str {
        "Unhandled"
    }
}

#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct Item {
    id: String,
}

const PARAMS: &[ParamInfo] = &[
    ParamInfo::query("marker", "string", false, ""),
    ParamInfo::query("offset", "integer", false, ""),
    ParamInfo::query("page", "integer", false, ""),
    ParamInfo::query("limit", "integer", false, ""),
];

macro_rules! list_op {
    ($name:ident, $style:expr, $items:expr) => {
        struct $name;
        impl Operation for $name {
            const INFO: &'static OperationInfo = &OperationInfo {
                name: stringify!($name),
                method: "GET",
                path: "/v1/{project_id}/items",
                params: PARAMS,
                output: Some("Value"),
                pagination: Some(&Pagination {
                    style: $style,
                    items: $items,
                }),
                ..OperationInfo::DEFAULT
            };
            type Input = BTreeMap<String, Value>;
            type Body = Value;
            type Output = Value;
            type Error = ListError;
        }
        impl Paginated for $name {
            type Item = Item;
        }
    };
}

list_op!(
    ByLastId,
    PageStyle::Marker {
        param: "marker",
        next: NextMarker::LastItem("id")
    },
    "items"
);
list_op!(
    ByNextMarker,
    PageStyle::Marker {
        param: "marker",
        next: NextMarker::Field("next_marker")
    },
    "items"
);
list_op!(
    ByPageInfo,
    PageStyle::Marker {
        param: "marker",
        next: NextMarker::Field("page_info.next_marker")
    },
    "data.items"
);
list_op!(
    ByLink,
    PageStyle::Marker {
        param: "marker",
        next: NextMarker::Link("links.next")
    },
    "items"
);
list_op!(
    ByLinkList,
    PageStyle::Marker {
        param: "marker",
        next: NextMarker::Link("items_links")
    },
    "items"
);
list_op!(ByOffset, PageStyle::Offset { param: "offset" }, "items");
list_op!(
    ByPage,
    PageStyle::Page {
        param: "page",
        first: 1
    },
    "items"
);

fn query(r: &Received) -> BTreeMap<String, String> {
    url::form_urlencoded::parse(r.query().unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Items 1..=6, two a page; which page from the marker, offset or page number.
fn page_of(q: &BTreeMap<String, String>) -> usize {
    if let Some(m) = q.get("marker") {
        m.parse::<usize>().unwrap_or(0) / 2
    } else if let Some(o) = q.get("offset") {
        o.parse::<usize>().unwrap() / 2
    } else if let Some(p) = q.get("page") {
        p.parse::<usize>().unwrap() - 1
    } else {
        0
    }
}

fn items(page: usize) -> Vec<Value> {
    (1..=6)
        .skip(page * 2)
        .take(2)
        .map(|i| json!({"id": i.to_string()}))
        .collect()
}

async fn server() -> FaultServer {
    FaultServer::start(|r, _| {
        let q = query(r);
        assert_eq!(q.get("limit").map(String::as_str), Some("2"), "{r:?}");
        let page = page_of(&q);
        let list = items(page);
        let last = page >= 2;
        let next = list.last().map(|i| i["id"].clone());
        let body = match r.header("x-style").unwrap_or_default() {
            "next_marker" if !last => json!({"items": list, "next_marker": next}),
            "page_info" => {
                let info = if last {
                    json!({"current_count": 2})
                } else {
                    json!({"next_marker": next, "current_count": 2})
                };
                json!({"data": {"items": list}, "page_info": info})
            }
            "link" if !last => json!({"items": list, "links": {
                "self": "https://x/v1/p/items",
                "next": format!("https://x/v1/p/items?limit=2&marker={}", next.unwrap().as_str().unwrap())}}),
            "link_list" if !last => json!({"items": list, "items_links": [
                {"rel": "next", "href": format!("https://x/v1/p/items?marker={}&limit=2", next.unwrap().as_str().unwrap())}]}),
            "repeat" => json!({"items": list, "next_marker": "same"}),
            "ignore_offset" => json!({"items": items(0)}),
            "fail_second" if page > 0 => return Action::status(500, r#"{"error_code": "X.500", "error_msg": "broken"}"#),
            _ => json!({"items": list}),
        };
        Action::status(200, &body.to_string())
    })
    .await
}

fn client(server: &FaultServer, style: &str) -> Client {
    let config = Config::new(AkSkCredentials::new("AK", "SK"))
        .with_endpoint(server.url())
        .with_proxy(ProxyConfig::Disabled)
        .with_project_id("p")
        .with_retry_policy(RetryPolicy::disabled().with_initial_backoff(Duration::from_millis(1)));
    let _ = style;
    Client::new(&config, ServiceInfo::new("svc", "https://x")).unwrap()
}

fn input() -> BTreeMap<String, Value> {
    BTreeMap::from([("limit".to_string(), json!(2))])
}

fn style(name: &str) -> Customize {
    Customize::new().header("X-Style", name)
}

async fn walk<O: Paginated<Input = BTreeMap<String, Value>, Item = Item>>(
    style_name: &str,
) -> (Vec<String>, usize) {
    let server = server().await;
    let client = client(&server, style_name);
    let got: Vec<Item> = client
        .paginate::<O>(input(), style(style_name))
        .items()
        .try_collect()
        .await
        .unwrap_or_else(|e| panic!("{style_name}: {e:?}"));
    (got.into_iter().map(|i| i.id).collect(), server.total())
}

#[tokio::test]
async fn every_style_walks_three_pages() {
    let all: Vec<String> = (1..=6).map(|i| i.to_string()).collect();
    // Marker styles that say when there is no next page stop after the third.
    assert_eq!(walk::<ByNextMarker>("next_marker").await, (all.clone(), 3));
    assert_eq!(walk::<ByPageInfo>("page_info").await, (all.clone(), 3));
    assert_eq!(walk::<ByLink>("link").await, (all.clone(), 3));
    assert_eq!(walk::<ByLinkList>("link_list").await, (all.clone(), 3));
    // The others learn it from an empty fourth page.
    assert_eq!(walk::<ByLastId>("plain").await, (all.clone(), 4));
    assert_eq!(walk::<ByOffset>("plain").await, (all.clone(), 4));
    assert_eq!(walk::<ByPage>("plain").await, (all.clone(), 4));
}

#[tokio::test]
async fn pages_are_the_operations_outputs_and_the_requests_move_the_parameter() {
    let server = server().await;
    let client = client(&server, "plain");
    let pages: Vec<Value> = client
        .paginate::<ByOffset>(input(), style("plain"))
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 4);
    assert_eq!(pages[1], json!({"items": [{"id": "3"}, {"id": "4"}]}));
    let offsets: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| query(r).get("offset").cloned())
        .collect();
    assert_eq!(
        offsets,
        [None, Some("2".into()), Some("4".into()), Some("6".into())]
    );
    let server = self::server().await;
    let client = self::client(&server, "link");
    client
        .paginate::<ByLink>(input(), style("link"))
        .pages()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    let markers: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| query(r).get("marker").cloned())
        .collect();
    assert_eq!(markers, [None, Some("2".into()), Some("4".into())]);
}

#[tokio::test]
async fn a_repeated_marker_or_an_ignored_offset_stops_the_walk() {
    let server = server().await;
    let client = client(&server, "repeat");
    let pages: Vec<Value> = client
        .paginate::<ByNextMarker>(input(), style("repeat"))
        .pages()
        .try_collect()
        .await
        .unwrap();
    // First page (no marker) -> "same"; second page (marker=same) -> "same" again: stop.
    assert_eq!(pages.len(), 2);
    assert_eq!(server.total(), 2);
    let server = self::server().await;
    let client = self::client(&server, "ignore_offset");
    let pages: Vec<Value> = client
        .paginate::<ByOffset>(input(), style("ignore_offset"))
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2, "the second page repeats the first: stop");
    assert_eq!(server.total(), 2);
}

#[tokio::test]
async fn an_error_ends_the_stream_with_the_operations_error() {
    let server = server().await;
    let client = client(&server, "fail_second");
    let mut items = client
        .paginate::<ByLastId>(input(), style("fail_second"))
        .items();
    assert_eq!(items.try_next().await.unwrap().unwrap().id, "1");
    assert_eq!(items.try_next().await.unwrap().unwrap().id, "2");
    let err = items.try_next().await.unwrap_err();
    assert!(
        matches!(
            err,
            SdkError::Service {
                error: ListError(500),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(items.try_next().await.unwrap().is_none());
}

#[tokio::test]
async fn the_json_driver_pages_any_operation_from_its_descriptor() {
    // What `hwc --cli-paginate` can do with `OperationInfo` alone.
    let server = server().await;
    let client = client(&server, "page_info");
    let mut driver = JsonPaginator::new(
        &client,
        ByPageInfo::INFO,
        json!({"limit": 2}),
        style("page_info"),
    )
    .unwrap();
    let mut ids = Vec::new();
    while let Some(page) = driver.next_page().await {
        let page = page.unwrap();
        for item in page["data"]["items"].as_array().unwrap() {
            ids.push(item["id"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(ids, ["1", "2", "3", "4", "5", "6"]);
    assert_eq!(driver.pages(), 3);
    // An operation without a descriptor is refused.
    let plain: &'static OperationInfo = &OperationInfo::DEFAULT;
    assert!(JsonPaginator::new(&client, plain, json!({}), Customize::new()).is_err());
}
