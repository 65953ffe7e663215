//! What a page may do while it prints: its requests are paused and only
//! those to the print server go on (`Fetch`), frames in other processes are
//! attached and held to the same rule, and JavaScript dialogs are accepted
//! at once, since nobody is there to close them.

use std::time::Instant;

use serde_json::{Value, json};

use super::{CdpBrowser, Failure};

/// Schemes that never reach the network, let through as they are.
const LOCAL_SCHEMES: [&str; 3] = ["data:", "blob:", "about:"];

impl CdpBrowser {
    /// Pauses every request of `session` (a tab or a frame), and has its
    /// child frames and workers attached, paused until they are held to
    /// the same rule.
    pub(super) fn contain(&mut self, session: &str, deadline: Instant) -> Result<(), Failure> {
        self.call(
            "Fetch.enable",
            json!({"patterns": [{"urlPattern": "*", "requestStage": "Request"}]}),
            Some(session),
            deadline,
        )?;
        self.call(
            "Target.setAutoAttach",
            json!({"autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true}),
            Some(session),
            deadline,
        )?;
        Ok(())
    }

    /// Answers the events that need an answer while a page loads.
    pub(super) fn handle_event(&mut self, message: &Value) -> Result<(), Failure> {
        let session = message["sessionId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let params = &message["params"];
        match message["method"].as_str().unwrap_or_default() {
            "Fetch.requestPaused" => {
                let id = params["requestId"].clone();
                let url = params["request"]["url"].as_str().unwrap_or_default();
                if self.is_allowed(url) {
                    self.send("Fetch.continueRequest", json!({"requestId": id}), &session)
                } else {
                    if !self.blocked.iter().any(|b| b == url) {
                        self.blocked.push(url.to_string());
                    }
                    self.send(
                        "Fetch.failRequest",
                        json!({"requestId": id, "errorReason": "BlockedByClient"}),
                        &session,
                    )
                }
            }
            "Page.javascriptDialogOpening" => {
                self.dialogs.push(format!(
                    "{}(\"{}\")",
                    params["type"].as_str().unwrap_or("dialog"),
                    params["message"].as_str().unwrap_or_default()
                ));
                self.send(
                    "Page.handleJavaScriptDialog",
                    json!({"accept": true}),
                    &session,
                )
            }
            "Target.attachedToTarget" => {
                let child = params["sessionId"].as_str().unwrap_or_default().to_string();
                let patterns =
                    json!({"patterns": [{"urlPattern": "*", "requestStage": "Request"}]});
                self.send("Fetch.enable", patterns, &child)?;
                self.send(
                    "Target.setAutoAttach",
                    json!({"autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true}),
                    &child,
                )?;
                self.send("Runtime.runIfWaitingForDebugger", json!({}), &child)
            }
            _ => Ok(()),
        }
    }

    /// Only the print server, and URLs that never leave the browser.
    fn is_allowed(&self, url: &str) -> bool {
        LOCAL_SCHEMES.iter().any(|s| url.starts_with(s))
            || url
                .strip_prefix(self.allowed.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// What the page was doing when time ran out.
    pub(super) fn timeout_cause(&self) -> String {
        let mut cause = format!("it was still {}", self.stage);
        if !self.dialogs.is_empty() {
            cause.push_str(&format!(
                "; the page opened {} (dismissed)",
                self.dialogs.join(", ")
            ));
        }
        if !self.blocked.is_empty() {
            cause.push_str(&format!("; requests blocked: {}", self.blocked.join(", ")));
        }
        cause
    }
}
