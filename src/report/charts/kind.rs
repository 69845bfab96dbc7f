//! Which charts there are: their file names, titles and captions (in the chosen language).
//! The reports name charts through this small module only, so the document model does not
//! depend on the drawing code.

use crate::plan::{Host, PlanResult};
use crate::report::i18n::Text as Words;

/// A host's hourly CPU profile, when it has one (at most 24 values).
pub(crate) fn profile(h: &Host) -> Option<&[f64]> {
    h.cpu_by_hour_pct.as_deref().filter(|p| !p.is_empty()).map(|p| &p[..p.len().min(24)])
}

/// One of the charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Cumulative cost, baseline vs plan.
    Cumulative,
    /// Yearly cost by category, baseline beside plan.
    Yearly,
    /// Utilisation of each host by resource.
    Utilisation,
    /// Hosts in service per fiscal year, stacked by cluster.
    HostsByYear,
    /// Hourly CPU utilisation of the hosts of the time-of-day clusters.
    TimeOfDay,
}

impl ChartKind {
    /// Every chart, in file order.
    pub const ALL: [ChartKind; 5] = [
        ChartKind::Cumulative,
        ChartKind::Yearly,
        ChartKind::Utilisation,
        ChartKind::HostsByYear,
        ChartKind::TimeOfDay,
    ];

    /// Whether the chart has something to show for `r`, and so is written and shown in the
    /// reports: the time-of-day chart only when a host of a time-of-day cluster has an hourly
    /// profile (an empty chart saying so would only be one more file to open).
    pub fn shown(self, r: &PlanResult) -> bool {
        match self {
            ChartKind::TimeOfDay => r
                .clusters
                .iter()
                .any(|c| c.time_of_day && c.hosts.iter().any(|h| profile(h).is_some())),
            _ => true,
        }
    }

    /// The charts written for `r`, in file order.
    pub fn shown_for(r: &PlanResult) -> Vec<ChartKind> {
        ChartKind::ALL.into_iter().filter(|k| k.shown(r)).collect()
    }

    /// File name without extension.
    pub fn stem(self) -> &'static str {
        match self {
            ChartKind::Cumulative => "cumulative",
            ChartKind::Yearly => "yearly",
            ChartKind::Utilisation => "utilisation",
            ChartKind::HostsByYear => "hosts_by_year",
            ChartKind::TimeOfDay => "timeofday",
        }
    }

    /// Short title (alternative text in the reports), in the language of `t`.
    pub fn title(self, t: Words) -> &'static str {
        t.s(&format!("chart_title_{}", self.stem()))
    }

    /// What the chart shows, one sentence (caption in the reports), in the language of `t`.
    pub fn caption(self, t: Words) -> &'static str {
        t.s(&format!("chart_caption_{}", self.stem()))
    }
}
