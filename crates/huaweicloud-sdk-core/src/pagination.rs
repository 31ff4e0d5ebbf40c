//! Paginators: one generic driver ([`JsonPaginator`]) that pages through any list operation
//! from its [`Pagination`] descriptor on JSON (what `hwc --cli-paginate` can use), and a thin
//! typed layer ([`Paginator`]: a `Stream` of pages and of items, as in aws-sdk-rust) that
//! generated request builders return from `into_paginator()`.
//!
//! A paginator stops on an empty page, on a page without a next marker, on a marker it has
//! already sent, and on a page identical to the one before (a server that ignores the offset):
//! a misbehaving server cannot make it loop.
//!
//! ```no_run
//! # async fn run(paginator: huaweicloud_sdk_core::pagination::Paginator<Op>) {
//! use futures_util::TryStreamExt;
//! // With a generated crate, `paginator` is
//! // `ecs.list_servers_details().limit(100).into_paginator()`.
//! let names: Vec<String> = paginator
//!     .items()
//!     .map_ok(|server| server.name)
//!     .try_collect()
//!     .await
//!     .unwrap();
//! # }
//! # #[derive(serde::Deserialize)] struct Server { name: String }
//! # struct Op;
//! # impl huaweicloud_sdk_core::Operation for Op {
//! #     const INFO: &'static huaweicloud_sdk_core::meta::OperationInfo = &huaweicloud_sdk_core::meta::OperationInfo::DEFAULT;
//! #     type Input = (); type Body = (); type Output = (); type Error = E;
//! # }
//! # impl huaweicloud_sdk_core::pagination::Paginated for Op { type Item = Server; }
//! # #[derive(Debug)] struct E;
//! # impl huaweicloud_sdk_core::OperationError for E { fn from_response(_: u16, _body: &[u8]) -> Self { E } fn variant(&self) -> &'static str { "E" } }
//! ```

use std::collections::HashSet;
use std::convert::Infallible;
use std::pin::Pin;

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::client::Client;
use crate::error::{SdkError, UnmodeledError};
use crate::meta::{Customize, NextMarker, OperationInfo, PageStyle, Pagination};
use crate::operation::{decode_output, Operation};
use crate::response::RawResponse;

/// A list operation whose pages a [`Paginator`] walks: its items' type. Generated for every
/// operation with a [`Pagination`] descriptor.
pub trait Paginated: Operation {
    /// One item of a page.
    type Item: DeserializeOwned + Send + 'static;
}

/// The value at a dot-separated path of object keys.
fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .filter(|k| !k.is_empty())
        .try_fold(value, |v, key| v.get(key))
}

/// The marker parameter of a next-page URL.
fn marker_of_link(link: &str, param: &str) -> Option<String> {
    let query = link.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == param)
        .map(|(_, v)| v.into_owned())
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The generic driver: pages through operation `info` from a JSON input, as
/// [`crate::operation::invoke`] sends one (the parameters by their documented names).
#[derive(Debug)]
pub struct JsonPaginator {
    client: Client,
    info: &'static OperationInfo,
    pagination: &'static Pagination,
    input: Map<String, Value>,
    customize: Customize,
    seen_markers: HashSet<String>,
    previous_items: Option<Value>,
    pages: u64,
    done: bool,
}

/// Why a paginator stopped (logged at debug level; [`JsonPaginator::stop_reason`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// A page had no items.
    EmptyPage,
    /// A page gave no next marker.
    NoMarker,
    /// The next marker was one already sent.
    RepeatedMarker,
    /// A page had the same items as the one before.
    RepeatedPage,
    /// A request failed.
    Error,
}

impl JsonPaginator {
    /// A paginator of `info` (which must have a pagination descriptor) from `input` (a JSON
    /// object keyed by parameter names; the paging parameter, if given, is where it starts).
    pub fn new(
        client: &Client,
        info: &'static OperationInfo,
        input: Value,
        customize: Customize,
    ) -> Result<Self, SdkError<Infallible>> {
        let Some(pagination) = info.pagination else {
            return Err(SdkError::invalid_input(format!(
                "`{}` has no pagination",
                info.name
            )));
        };
        let input = match input {
            Value::Object(map) => map,
            Value::Null => Map::new(),
            _ => {
                return Err(SdkError::invalid_input(format!(
                    "the input of `{}` must be a JSON object",
                    info.name
                )))
            }
        };
        Ok(JsonPaginator {
            client: client.clone(),
            info,
            pagination,
            input,
            customize,
            seen_markers: HashSet::new(),
            previous_items: None,
            pages: 0,
            done: false,
        })
    }

    /// Pages fetched so far.
    pub fn pages(&self) -> u64 {
        self.pages
    }

    /// The next page's raw response (any status: an error status ends the walk after it), or
    /// `None` when there is none.
    pub async fn next_raw(&mut self) -> Option<Result<RawResponse, SdkError<Infallible>>> {
        if self.done {
            return None;
        }
        let raw = self
            .client
            .send_operation(
                self.info,
                Ok(Value::Object(self.input.clone())),
                self.customize.clone(),
            )
            .await;
        let raw = match raw {
            Ok(raw) => raw,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        self.pages += 1;
        if !raw.is_success() {
            self.done = true;
            return Some(Ok(raw));
        }
        match serde_json::from_slice::<Value>(&raw.body) {
            Ok(page) => {
                if let Some(reason) = self.advance(&page) {
                    tracing::debug!(
                        operation = self.info.name,
                        pages = self.pages,
                        ?reason,
                        "pagination ends"
                    );
                    self.done = true;
                }
            }
            // The caller's decoder reports it; there is no next page to ask for.
            Err(_) => self.done = true,
        }
        Some(Ok(raw))
    }

    /// The next page as JSON (an error status is an [`SdkError::Service`] with the error's
    /// metadata), or `None` when there is none.
    pub async fn next_page(&mut self) -> Option<Result<Value, SdkError<UnmodeledError>>> {
        let raw = match self.next_raw().await? {
            Ok(raw) => raw,
            Err(e) => return Some(Err(e.cast())),
        };
        Some(crate::response::handle_json::<Value, UnmodeledError>(raw))
    }

    /// Sets the input of the next request from `page`; the reason to stop, if any.
    fn advance(&mut self, page: &Value) -> Option<StopReason> {
        let items = at(page, self.pagination.items);
        let list = items.and_then(Value::as_array);
        if list.is_none_or(|l| l.is_empty()) {
            return Some(StopReason::EmptyPage);
        }
        let list = list.expect("checked above");
        if self.previous_items.as_ref() == items {
            return Some(StopReason::RepeatedPage);
        }
        self.previous_items = items.cloned();
        match self.pagination.style {
            PageStyle::Marker { param, next } => {
                let marker = match next {
                    NextMarker::LastItem(field) => {
                        list.last().and_then(|i| at(i, field)).and_then(text)
                    }
                    NextMarker::Field(path) => at(page, path).and_then(text),
                    NextMarker::Link(path) => {
                        let link = match at(page, path) {
                            Some(Value::String(s)) => Some(s.clone()),
                            Some(Value::Array(links)) => links
                                .iter()
                                .find(|l| l.get("rel").and_then(Value::as_str) == Some("next"))
                                .and_then(|l| l.get("href"))
                                .and_then(Value::as_str)
                                .map(str::to_owned),
                            _ => None,
                        };
                        link.and_then(|l| marker_of_link(&l, param))
                    }
                };
                let Some(marker) = marker else {
                    return Some(StopReason::NoMarker);
                };
                if !self.seen_markers.insert(marker.clone()) {
                    tracing::warn!(
                        operation = self.info.name,
                        "the server sent a marker again; pagination stops"
                    );
                    return Some(StopReason::RepeatedMarker);
                }
                self.input.insert(param.to_owned(), Value::String(marker));
            }
            PageStyle::Offset { param } => {
                let current = self.number(param).unwrap_or(0);
                let next = current + list.len() as u64;
                self.input.insert(param.to_owned(), next.into());
            }
            PageStyle::Page { param, first } => {
                let current = self.number(param).unwrap_or(first);
                self.input.insert(param.to_owned(), (current + 1).into());
            }
        }
        None
    }

    fn number(&self, param: &str) -> Option<u64> {
        match self.input.get(param)? {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }
}

/// A stream of pages or items.
pub type PageStream<T, E> = Pin<Box<dyn Stream<Item = Result<T, SdkError<E>>> + Send>>;

/// The typed paginator of operation `O`: [`Paginator::pages`] is a `Stream` of its outputs,
/// [`Paginator::items`] a `Stream` of the items they hold.
pub struct Paginator<O: Paginated> {
    start: Result<JsonPaginator, SdkError<Infallible>>,
    _op: std::marker::PhantomData<fn() -> O>,
}

impl<O: Paginated> std::fmt::Debug for Paginator<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("operation", &O::INFO.name)
            .finish()
    }
}

impl Client {
    /// The paginator of operation `O` from `input`: what generated `into_paginator()` returns.
    pub fn paginate<O: Paginated>(&self, input: O::Input, customize: Customize) -> Paginator<O> {
        let start = serde_json::to_value(input)
            .map_err(|e| {
                SdkError::invalid_input(format!(
                    "cannot encode the input of `{}`: {}",
                    O::INFO.name,
                    crate::redact::without_values(&e.to_string())
                ))
            })
            .and_then(|input| JsonPaginator::new(self, O::INFO, input, customize));
        Paginator {
            start,
            _op: std::marker::PhantomData,
        }
    }
}

impl<O: Paginated> Paginator<O> {
    /// The pages, each decoded as the operation's output; an error ends the stream.
    pub fn pages(self) -> PageStream<O::Output, O::Error> {
        let state = self.start.map_err(SdkError::cast);
        Box::pin(futures_util::stream::unfold(
            Some(state),
            |state| async move {
                let mut driver = match state? {
                    Ok(d) => d,
                    Err(e) => return Some((Err(e), None)),
                };
                let raw = match driver.next_raw().await? {
                    Ok(raw) => raw,
                    Err(e) => return Some((Err(e.cast()), None)),
                };
                let page = decode_output::<O::Output, O::Error>(O::INFO, &raw);
                let next = if page.is_ok() { Some(Ok(driver)) } else { None };
                Some((page, next))
            },
        ))
    }

    /// The items of every page, in order; an error ends the stream.
    pub fn items(self) -> PageStream<O::Item, O::Error> {
        let state = self.start.map_err(SdkError::cast);
        type Buffer<I> = std::collections::VecDeque<I>;
        let init = (Some(state), Buffer::<O::Item>::new());
        Box::pin(futures_util::stream::unfold(
            init,
            |(mut state, mut buffer)| async move {
                loop {
                    if let Some(item) = buffer.pop_front() {
                        return Some((Ok(item), (state, buffer)));
                    }
                    let mut driver = match state.take()? {
                        Ok(d) => d,
                        Err(e) => return Some((Err(e), (None, buffer))),
                    };
                    let raw = match driver.next_raw().await? {
                        Ok(raw) => raw,
                        Err(e) => return Some((Err(e.cast()), (None, buffer))),
                    };
                    if let Err(e) = decode_output::<(), O::Error>(&OperationInfo::DEFAULT, &raw) {
                        return Some((Err(e), (None, buffer)));
                    }
                    let items = serde_json::from_slice::<Value>(&raw.body)
                        .ok()
                        .and_then(|page| at(&page, driver.pagination.items).cloned())
                        .unwrap_or(Value::Array(Vec::new()));
                    let decoded = crate::tolerant::from_slice::<Vec<O::Item>>(
                        &serde_json::to_vec(&items).unwrap_or_default(),
                    );
                    match decoded {
                        Ok(items) => buffer.extend(items),
                        Err(_) => {
                            let fake = RawResponse {
                                body: serde_json::to_vec(&items).unwrap_or_default().into(),
                                ..raw
                            };
                            let e = crate::response::decode_json::<Vec<O::Item>, O::Error>(&fake)
                                .err()
                                .unwrap_or_else(|| {
                                    SdkError::invalid_input("the items do not decode")
                                });
                            return Some((Err(e), (None, buffer)));
                        }
                    }
                    state = Some(Ok(driver));
                }
            },
        ))
    }
}
