//! Which charts there are: their file names, titles and captions (in the chosen language).
//! The reports name charts through this small module only, so the document model does not
//! depend on the drawing code.

use crate::report::i18n::Text as Words;

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
