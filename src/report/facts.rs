//! The planner's facts in words: a cluster's sizing note, the reason for its lower bound, the
//! witness of its cost bound, its method, a server's exclusion and the plan's assumptions.
//!
//! The planner states them as data ([`crate::plan::SizingFact`], [`Assumption`], …) so that
//! every renderer words them in its own language through the message catalogue; nothing here
//! holds a sentence of its own. Keys of this module start with `sf_` (sizing facts), `lb_`
//! (lower-bound reasons), `bm_` (bound mixes) and `as_` (assumptions).

use crate::plan::{
    Assumption, BoundMix, Cluster, ExcludeReason, LowerBoundReason, Method, ModelCount, PlanResult,
    SizingFact, StartRejection,
};

use super::document;
use super::format::{self, Money};
use super::i18n::Text;

/// A number as the inventory would write it: `65`, `0.85`, `1.5`.
fn num(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A resource's name in running text: `CPU`, `vCPU`, `memory` (`メモリ`).
fn res_word(t: Text, name: &str) -> &'static str {
    match name {
        "cpu" => t.s("sf_res_cpu"),
        "vcpu" => t.s("sf_res_vcpu"),
        _ => t.s("sf_res_memory"),
    }
}

/// Hosts per model: `2× v32c-512g + 9× v44c-768g` (`v32c-512g×2 + …` in Japanese).
pub fn mix(t: Text, hosts: &[ModelCount]) -> String {
    if hosts.is_empty() {
        return t.s("bm_no_host").to_string();
    }
    hosts
        .iter()
        .map(|h| t.f("models_count", &[("n", &h.count.to_string()), ("model", &h.model)]))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The witness of a cost bound.
pub fn bound_mix(t: Text, b: &BoundMix) -> String {
    match b {
        BoundMix::Mix { hosts } => mix(t, hosts),
        BoundMix::EnumerationCut => t.s("bm_enumeration_cut").to_string(),
        BoundMix::NoneUpToCap => t.s("bm_none_up_to_cap").to_string(),
    }
}

/// How a cluster's layout was made, in plain words.
pub fn method(t: Text, m: &Method) -> String {
    match m {
        Method::MixSearch { mixes_tried } => {
            t.f("m_mix_search", &[("n", &mixes_tried.to_string())])
        }
        Method::MixSearchOneModel => t.s("m_mix_search_one").to_string(),
        Method::Packer { name } => document::method_words(t, name),
        Method::Start => t.s("m_start").to_string(),
        Method::None => t.s("m_none").to_string(),
    }
}

/// Why a start plan's layout could not seed a cluster.
pub fn start_rejection(t: Text, r: &StartRejection) -> String {
    match r {
        StartRejection::NoCluster => t.s("st_no_cluster").to_string(),
        StartRejection::BoughtYearByYear => t.s("st_bought_year_by_year").to_string(),
        StartRejection::UnknownModel { model } => t.f("st_unknown_model", &[("model", model)]),
        StartRejection::ModelNotAllowed { model } => {
            t.f("st_model_not_allowed", &[("model", model)])
        }
        StartRejection::UnknownServer { server } => t.f("st_unknown_server", &[("server", server)]),
        StartRejection::AffinitySplit { server, host, other } => t.f(
            "st_affinity_split",
            &[("server", server.as_str()), ("host", host.as_str()), ("other", other.as_str())],
        ),
        StartRejection::NotPlaced { server } => t.f("st_not_placed", &[("server", server)]),
        StartRejection::BelowMinHosts { hosts, min } => {
            t.f("st_below_min_hosts", &[("n", &hosts.to_string()), ("min", &min.to_string())])
        }
        StartRejection::AboveMaxHosts { hosts, max } => {
            t.f("st_above_max_hosts", &[("n", &hosts.to_string()), ("max", &max.to_string())])
        }
        StartRejection::OverLimit => t.s("st_over_limit").to_string(),
        StartRejection::PartnersShareHost => t.s("st_partners_share_host").to_string(),
        StartRejection::LossNotAbsorbed { spare_hosts } => {
            t.f("st_loss_not_absorbed", &[("k", &spare_hosts.to_string())])
        }
    }
}

/// One line per cluster a start plan was given for (`consolidate plan --start`): kept, beaten
/// by a cheaper layout, or not used and why.
pub fn start_lines(t: Text, r: &PlanResult) -> Vec<String> {
    let m = format::Money::with_text(&r.plan.currency, t);
    r.clusters
        .iter()
        .filter_map(|c| {
            let s = c.start.as_ref()?;
            let name = c.name.as_str();
            Some(match (&s.reason, s.taken, s.cost) {
                (Some(why), _, _) => {
                    t.f("st_line_not_used", &[("cluster", name), ("why", &start_rejection(t, why))])
                }
                (None, true, _) => t.f("st_line_kept", &[("cluster", name)]),
                (None, false, Some(cost)) => t.f(
                    "st_line_cheaper",
                    &[
                        ("cluster", name),
                        ("cost", &m.amount(c.horizon_cost)),
                        ("start", &m.amount(cost)),
                    ],
                ),
                (None, false, None) => return None,
            })
        })
        .collect()
}

/// Which bound gives a cluster's lower bound on its host count.
pub fn lower_bound_reason(t: Text, r: &LowerBoundReason) -> String {
    match r {
        LowerBoundReason::NoServer => t.s("lb_no_server").to_string(),
        LowerBoundReason::Resource { resource, demand, per_host } => t.f(
            "lb_resource",
            &[
                ("res", res_word(t, resource)),
                ("demand", &format::thousands(*demand, 1)),
                ("per_host", &format::thousands(*per_host, 1)),
            ],
        ),
        LowerBoundReason::RedundancyGroup { group, servers } => t.f(
            "lb_redundancy_group",
            &[("group", group), ("servers", &t.count(*servers, "n_server", "n_servers"))],
        ),
        LowerBoundReason::MixSearch => t.s("lb_mix_search").to_string(),
    }
}

/// Why a server is left out of the plan.
pub fn exclude_reason(t: Text, r: &ExcludeReason) -> String {
    match r {
        ExcludeReason::OutOfScope { reason } => t.f("reason_out_of_scope", &[("why", reason)]),
        ExcludeReason::Organisation { org } => t.f("reason_out_of_scope_org", &[("org", org)]),
        ExcludeReason::StaysPhysical => t.s("reason_stays_physical").to_string(),
    }
}

/// The policy's limit for a resource: `65 % CPU target`, `3 vCPUs per core`.
fn target(t: Text, resource: &str, value: f64) -> String {
    let key = match resource {
        "cpu" => "sf_target_cpu",
        "vcpu" => "sf_target_vcpu",
        _ => "sf_target_memory",
    };
    t.f(key, &[("v", &num(value))])
}

/// One fact of a sizing note.
pub fn sizing_fact(t: Text, m: &Money, f: &SizingFact) -> String {
    let hosts = |n: usize| t.count(n, "n_host", "n_hosts");
    match f {
        SizingFact::ResourceBound { resource, hosts_worth, model, target: v, hosts: n } => t.f(
            "sf_resource_bound",
            &[
                ("res", res_word(t, resource)),
                ("worth", &format::thousands(*hosts_worth, 1)),
                ("model", model),
                ("target", &target(t, resource, *v)),
                ("hosts", &hosts(*n as usize)),
            ],
        ),
        SizingFact::LowerBound { hosts: n, reason } => t.f(
            "sf_lower_bound",
            &[("hosts", &hosts(*n as usize)), ("reason", &lower_bound_reason(t, reason))],
        ),
        SizingFact::ActiveHosts { hosts: n } => t.f("sf_active", &[("hosts", &hosts(*n))]),
        SizingFact::CostBound {
            horizon_cost,
            lower_bound,
            k,
            mix,
            gap,
            gap_pct,
            proven_optimal,
        } => t.f(
            "sf_cost_bound",
            &[
                ("cost", &m.amount(*horizon_cost)),
                ("bound", &m.amount(*lower_bound)),
                ("k", &k.to_string()),
                ("mix", &mix.as_ref().map(|b| bound_mix(t, b)).unwrap_or_default()),
                ("gap", &m.amount(*gap)),
                ("pct", &format!("{gap_pct:.2}")),
                ("verdict", t.s(if *proven_optimal { "sf_optimal" } else { "sf_best_found" })),
            ],
        ),
        SizingFact::NoCostBound => t.s("sf_no_cost_bound").to_string(),
        SizingFact::MinimumHosts { hosts: n } => t.f("sf_minimum", &[("hosts", &hosts(*n))]),
        SizingFact::Spares { spares, k, worst_loss, cpu_pct, memory_pct } => {
            let spares = if *spares == 0 {
                t.s("sf_no_spare").to_string()
            } else {
                t.f("sf_spares_n", &[("n", &spares.to_string())])
            };
            let worst = if worst_loss.is_empty() {
                String::new()
            } else {
                t.f(
                    "sf_worst_loss",
                    &[
                        ("loss", &worst_loss.join(" + ")),
                        ("cpu", &format!("{cpu_pct:.0}")),
                        ("mem", &format!("{memory_pct:.0}")),
                    ],
                )
            };
            t.f("sf_spares", &[("spares", &spares), ("k", &k.to_string()), ("worst", &worst)])
        }
        SizingFact::TimeOfDay { hosts: n, cost, peak_hosts, peak_cost } => t.f(
            "sf_time_of_day",
            &[
                ("hosts", &hosts(*n)),
                ("cost", &m.millions(*cost)),
                ("peak", &hosts(*peak_hosts)),
                ("peak_cost", &m.millions(*peak_cost)),
            ],
        ),
    }
}

/// A cluster's sizing note: its facts in one sentence, or empty when it has none.
pub fn sizing_note(t: Text, m: &Money, c: &Cluster) -> String {
    if c.sizing_note.is_empty() {
        return String::new();
    }
    let facts: Vec<String> = c.sizing_note.iter().map(|f| sizing_fact(t, m, f)).collect();
    format!("{}{}", facts.join(t.s("sf_sep")), t.s("sf_end"))
}

/// An assumption in words.
pub fn assumption(t: Text, a: &Assumption) -> String {
    match a {
        Assumption::Baseline => t.s("as_baseline").to_string(),
        Assumption::PlanRefreshYear { fy } => t.f("as_plan_refresh_year", &[("fy", &t.fy(*fy))]),
        Assumption::PlanAsNeeded => t.s("as_plan_as_needed").to_string(),
        Assumption::Sizing {
            target_cpu_pct,
            target_memory_pct,
            vcpu_per_core,
            memory_overcommit,
            failover_cpu_pct,
            failover_memory_pct,
        } => t.f(
            "as_sizing",
            &[
                ("cpu", &num(*target_cpu_pct)),
                ("mem", &num(*target_memory_pct)),
                ("vcpu", &num(*vcpu_per_core)),
                ("over", &num(*memory_overcommit)),
                ("fcpu", &num(*failover_cpu_pct)),
                ("fmem", &num(*failover_memory_pct)),
            ],
        ),
        Assumption::Failover { spare_hosts } => {
            t.f("as_failover", &[("k", &spare_hosts.to_string())])
        }
        Assumption::Licences => t.s("as_licences").to_string(),
        Assumption::Power { hours, electricity_per_kwh } => {
            t.f("as_power", &[("hours", &num(*hours)), ("price", &num(*electricity_per_kwh))])
        }
        Assumption::Scope => t.s("as_scope").to_string(),
        Assumption::Growth { overall_pct, from_fy, per_system } => t.f(
            "as_growth",
            &[
                ("pct", &num(*overall_pct)),
                ("fy", &t.fy(*from_fy)),
                ("systems", if *per_system { t.s("as_growth_systems") } else { "" }),
            ],
        ),
        Assumption::Bcp { site, from_fy, sizing_pct } => {
            t.f("as_bcp", &[("site", site), ("fy", &t.fy(*from_fy)), ("pct", &num(*sizing_pct))])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Era, Lang};

    #[test]
    fn facts_read_in_both_languages() {
        let ja = Text::new(Lang::Ja, Era::Western);
        let m = Money::with_text("JPY", ja);
        let f = SizingFact::CostBound {
            horizon_cost: 159_179_464.0,
            lower_bound: 150_789_947.0,
            k: 1,
            mix: Some(BoundMix::Mix {
                hosts: vec![ModelCount { model: "v32c-512g".into(), count: 4 }],
            }),
            gap: 8_389_517.0,
            gap_pct: 5.27,
            proven_optimal: false,
        };
        let words = sizing_fact(ja, &m, &f);
        assert!(words.contains("最良解"), "{words}");
        assert!(words.contains("下限値150,789,947円"), "{words}");
        assert!(words.contains("v32c-512g×4"), "{words}");
        let en = sizing_fact(Text::EN, &Money::new("JPY"), &f);
        assert!(en.contains("best found, not proven optimal"), "{en}");
        assert!(en.contains("4× v32c-512g"), "{en}");
        let r = LowerBoundReason::RedundancyGroup { group: "cms-web".into(), servers: 2 };
        assert_eq!(
            lower_bound_reason(Text::EN, &r),
            "redundancy group cms-web has 2 servers on different hosts"
        );
        assert!(lower_bound_reason(ja, &r).contains("冗長化"));
        let a = Assumption::Bcp { site: "新庁舎".into(), from_fy: 2021, sizing_pct: 50.0 };
        assert!(assumption(ja, &a).contains("2021年度"));
        assert!(assumption(Text::EN, &a).contains("FY2021"));
    }
}
