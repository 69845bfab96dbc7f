//! `plan.json`: the plan result exactly as the model serialises it, pretty-printed.

use crate::plan::PlanResult;

use super::{Output, OutputFile, ReportError, ReportOptions};

/// The JSON output.
pub struct Json;

/// File name of the JSON output.
pub const FILE: &str = "plan.json";

impl Output for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    /// The same in every language: plan.json is for machines.
    fn files(
        &self,
        result: &PlanResult,
        _options: &ReportOptions,
    ) -> Result<Vec<OutputFile>, ReportError> {
        Ok(vec![OutputFile::new(FILE, render(result)?)])
    }
}

/// The plan result as pretty JSON, ending with a newline.
pub fn render(r: &PlanResult) -> Result<String, ReportError> {
    let mut s = serde_json::to_string_pretty(r).map_err(|e| ReportError::new(FILE, e))?;
    s.push('\n');
    Ok(s)
}
