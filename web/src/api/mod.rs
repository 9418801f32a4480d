//! The JSON API under `/api`: search, the document catalogue, outlines, passages in context, edition diffs,
//! citation checks, the OpenAPI document and the admin endpoints (reload, sync). Every route is registered through [`Table`], which also lists it, so the OpenAPI
//! document can be checked against what the router really serves (see [`api_routes`]).

mod admin;
mod changes;
mod documents;
mod error;
mod params;
mod passages;
mod search;

pub use admin::AdminAuth;
pub use error::{ApiError, RETRY_AFTER_SECS};

use axum::handler::Handler;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing;
use axum::Router;

use crate::AppState;

/// The OpenAPI 3.1 document served at `/api/openapi.json`, kept beside the code in `web/openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../../openapi.json");

/// A router that remembers the method and path of each route it is given.
struct Table {
    router: Router<AppState>,
    routes: Vec<(&'static str, &'static str)>,
}

impl Table {
    fn new() -> Table {
        Table {
            router: Router::new(),
            routes: Vec::new(),
        }
    }

    fn get<H, T>(mut self, path: &'static str, handler: H) -> Table
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, routing::get(handler));
        self.routes.push(("GET", path));
        self
    }

    fn post<H, T>(mut self, path: &'static str, handler: H) -> Table
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, routing::post(handler));
        self.routes.push(("POST", path));
        self
    }
}

fn table() -> Table {
    Table::new()
        .get("/api/search", search::search)
        .get("/api/documents", documents::list)
        .get("/api/documents/{id}", documents::detail)
        .get("/api/documents/{id}/diff", changes::diff)
        .get("/api/passages/{*id}", passages::passage)
        .post("/api/citations/check", changes::check)
        .get("/api/openapi.json", openapi)
        .post("/api/admin/reload", admin::reload)
        .post("/api/admin/sync", admin::sync_start)
        .get("/api/admin/sync", admin::sync_status)
}

pub(crate) fn routes() -> Router<AppState> {
    table().router
}

/// Every API route as (method, path template), the templates in axum's syntax (`/api/passages/{*id}`). `GET`
/// routes also answer `HEAD`.
pub fn api_routes() -> Vec<(&'static str, &'static str)> {
    table().routes
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `{*id}` in axum is `{id}` in OpenAPI.
    fn openapi_path(axum: &str) -> String {
        axum.replace("{*", "{")
    }

    #[test]
    fn openapi_document_lists_exactly_the_api_routes() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI_JSON).unwrap();
        assert_eq!(doc["openapi"].as_str().unwrap().get(..3), Some("3.1"));
        let paths = doc["paths"].as_object().unwrap();
        let mut documented: Vec<(String, String)> = paths
            .iter()
            .filter(|(p, _)| p.starts_with("/api/"))
            .flat_map(|(p, item)| {
                item.as_object()
                    .unwrap()
                    .keys()
                    .filter(|m| ["get", "post", "put", "delete", "patch"].contains(&m.as_str()))
                    .map(|m| (m.to_uppercase(), p.clone()))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut served: Vec<(String, String)> = api_routes()
            .into_iter()
            .map(|(m, p)| (m.to_owned(), openapi_path(p)))
            .collect();
        documented.sort();
        served.sort();
        assert_eq!(documented, served);
    }
}
