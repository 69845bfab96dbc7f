//! Why a cluster cannot be built, as data: the planner collects one [`Infeasibility`] per
//! option it tried (each host model alone, their mix) and reports them all, so that the message
//! says for every option which constraint it could not meet and for which servers; the caller
//! locates each at the inventory field that states the constraint ([`Infeasibility::field`]).

use std::fmt;

/// A server named in a reason: its index in the inventory (to locate its entry) and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerRef {
    /// Index in the inventory's servers.
    pub index: usize,
    /// Its name.
    pub name: String,
}

/// One constraint an option (or the whole cluster) cannot meet.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Infeasibility {
    /// Servers that share a host (one server, or an affinity group) need more than an empty
    /// host of any model of the option offers at the target utilisation.
    #[error(
        "{} {} need{} CPU {cpu:.2} core units, {vcpu} vCPUs and {memory_gb:.1} GB{}, more than an \
         empty host of {} offers at the target utilisation",
        if servers.len() > 1 { "the servers of affinity group" } else { "server" },
        unit_words(affinity_group.as_deref(), servers),
        if servers.len() > 1 { "" } else { "s" },
        if servers.len() > 1 { " together" } else { "" },
        if models.len() == 1 { format!("model {}", models[0]) } else { "any allowed model".into() }
    )]
    TooLargeForModels {
        /// The servers.
        servers: Vec<ServerRef>,
        /// Their affinity group, when they are one.
        affinity_group: Option<String>,
        /// The models tried.
        models: Vec<String>,
        /// CPU in normalised core units (busiest hour).
        cpu: f64,
        /// vCPUs.
        vcpu: f64,
        /// Memory in GB.
        memory_gb: f64,
    },
    /// A redundancy group's members must run on different hosts (even after losing
    /// `spare_hosts`), which takes more hosts than `max_hosts`.
    #[error(
        "redundancy group {group} has {} servers ({}) that must run on different hosts{}, so the \
         cluster needs at least {needed} hosts, but max_hosts is {max_hosts}",
        servers.len(),
        names(servers),
        if *spare_hosts > 0 { format!(" even after losing {spare_hosts} host(s)") } else { String::new() }
    )]
    RedundancyGroup {
        /// Group name.
        group: String,
        /// Its members in the cluster.
        servers: Vec<ServerRef>,
        /// Host failures to survive.
        spare_hosts: u32,
        /// Hosts it needs.
        needed: usize,
        /// The cluster's maximum.
        max_hosts: u32,
    },
    /// The layout with its spares for N+k needs more hosts than `max_hosts`.
    #[error(
        "needs {hosts} hosts ({spares} of them spare for N+{spare_hosts}), more than max_hosts \
         {max_hosts}; the servers of its active hosts: {}",
        layout_words(active)
    )]
    AboveMaxHosts {
        /// Server names on each active host of the cheapest layout found.
        active: Vec<Vec<String>>,
        /// Hosts needed.
        hosts: usize,
        /// Of them spares.
        spares: usize,
        /// Host failures to survive.
        spare_hosts: u32,
        /// The cluster's maximum.
        max_hosts: u32,
    },
    /// Even with `added` spare hosts, some loss of `spare_hosts` hosts cannot be absorbed.
    #[error("even with {added} spare hosts the loss of {spare_hosts} host(s) cannot be absorbed")]
    SparesCannotAbsorb {
        /// Spare hosts tried.
        added: usize,
        /// Host failures to survive.
        spare_hosts: u32,
    },
    /// The packer found no layout within the host limits (its own words).
    #[error("{message}")]
    NoLayout {
        /// The packer's reason.
        message: String,
        /// The host limit the packer had room for (`max_hosts` minus hosts already bought).
        max_hosts: Option<u32>,
    },
}

fn names(servers: &[ServerRef]) -> String {
    servers.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ")
}

fn layout_words(hosts: &[Vec<String>]) -> String {
    hosts.iter().map(|h| format!("[{}]", h.join(", "))).collect::<Vec<_>>().join(" ")
}

fn unit_words(group: Option<&str>, servers: &[ServerRef]) -> String {
    match group {
        Some(g) if servers.len() > 1 => format!("{g} ({})", names(servers)),
        _ => names(servers),
    }
}

impl Infeasibility {
    /// The inventory field that states the constraint, as a path (`zones[0].max_hosts`,
    /// `servers[3].affinity_group`), for a cluster of zone `zone` (its index) at the main site
    /// or (`bcp`) at the ICT-BCP site.
    pub fn field(&self, zone: Option<usize>, bcp: bool) -> String {
        let zone_field = |f: &str| match zone {
            Some(z) => format!("zones[{z}].{f}"),
            None => "zones".to_string(),
        };
        match self {
            Infeasibility::TooLargeForModels { servers, affinity_group, .. } => {
                match (servers.first(), affinity_group) {
                    (Some(s), Some(_)) if servers.len() > 1 => {
                        format!("servers[{}].affinity_group", s.index)
                    }
                    (Some(s), _) => format!("servers[{}]", s.index),
                    (None, _) if bcp => "bcp.host_models".into(),
                    (None, _) => zone_field("host_models"),
                }
            }
            Infeasibility::RedundancyGroup { servers, .. } => match servers.first() {
                Some(s) => format!("servers[{}].redundancy_group", s.index),
                None => zone_field("max_hosts"),
            },
            Infeasibility::AboveMaxHosts { .. } => zone_field("max_hosts"),
            Infeasibility::SparesCannotAbsorb { .. } if bcp => "bcp.policy.spare_hosts".into(),
            Infeasibility::SparesCannotAbsorb { .. } => "policy.spare_hosts".into(),
            Infeasibility::NoLayout { max_hosts: Some(_), .. } => zone_field("max_hosts"),
            Infeasibility::NoLayout { .. } if bcp => "bcp.host_models".into(),
            Infeasibility::NoLayout { .. } => zone_field("host_models"),
        }
    }
}

/// Why one option failed: the host models it may use (empty: the whole cluster, before any
/// option is tried) and the constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionFailure {
    /// Host models of the option, by name.
    pub models: Vec<String>,
    /// What it could not meet.
    pub reason: Infeasibility,
}

impl fmt::Display for OptionFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.models.is_empty() {
            write!(f, "{}", self.reason)
        } else {
            write!(f, "host model {}: {}", self.models.join(" + "), self.reason)
        }
    }
}

/// The failures of a cluster, one per option and reason, in the order tried, each once.
pub fn distinct(failures: Vec<OptionFailure>) -> Vec<OptionFailure> {
    let mut out: Vec<OptionFailure> = Vec::new();
    for f in failures {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// A cluster's failures in one line: the one reason when the cluster fails before any option
/// is tried, else "no option of host models can carry it: " and each option's reason.
pub fn describe(failures: &[OptionFailure]) -> String {
    match failures {
        [one] if one.models.is_empty() => one.to_string(),
        _ => format!("no option of host models can carry it: {}", join(failures)),
    }
}

/// "a; b; c".
pub fn join(failures: &[OptionFailure]) -> String {
    failures.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(index: usize, name: &str) -> ServerRef {
        ServerRef { index, name: name.into() }
    }

    #[test]
    fn each_reason_names_its_servers_and_its_field() {
        let group = Infeasibility::RedundancyGroup {
            group: "ap".into(),
            servers: vec![s(0, "ap-1"), s(1, "ap-2")],
            spare_hosts: 1,
            needed: 3,
            max_hosts: 2,
        };
        assert_eq!(
            group.to_string(),
            "redundancy group ap has 2 servers (ap-1, ap-2) that must run on different hosts even \
             after losing 1 host(s), so the cluster needs at least 3 hosts, but max_hosts is 2"
        );
        assert_eq!(group.field(Some(0), false), "servers[0].redundancy_group");
        let big = Infeasibility::TooLargeForModels {
            servers: vec![s(2, "db-1"), s(4, "file-1")],
            affinity_group: Some("big".into()),
            models: vec!["std-32c".into()],
            cpu: 1.0,
            vcpu: 4.0,
            memory_gb: 300.0,
        };
        assert!(big.to_string().starts_with("the servers of affinity group big (db-1, file-1)"));
        assert!(big.to_string().contains("model std-32c"));
        assert_eq!(big.field(Some(0), false), "servers[2].affinity_group");
        let max = Infeasibility::AboveMaxHosts {
            active: vec![vec!["a".into()]],
            hosts: 4,
            spares: 1,
            spare_hosts: 1,
            max_hosts: 3,
        };
        assert_eq!(max.field(Some(1), false), "zones[1].max_hosts");
        let spares = Infeasibility::SparesCannotAbsorb { added: 9, spare_hosts: 1 };
        assert_eq!(spares.field(None, true), "bcp.policy.spare_hosts");
    }

    #[test]
    fn options_are_listed_each_once() {
        let f = |models: &[&str], hosts| OptionFailure {
            models: models.iter().map(|m| m.to_string()).collect(),
            reason: Infeasibility::AboveMaxHosts {
                active: vec![vec!["x".into()], vec!["y".into(), "z".into()]],
                hosts,
                spares: 1,
                spare_hosts: 1,
                max_hosts: 3,
            },
        };
        let all = distinct(vec![f(&["a"], 5), f(&["b"], 4), f(&["a"], 5), f(&["a", "b"], 4)]);
        assert_eq!(all.len(), 3);
        assert_eq!(
            join(&all),
            "host model a: needs 5 hosts (1 of them spare for N+1), more than max_hosts 3; the \
             servers of its active hosts: [x] [y, z]; host model b: needs 4 hosts (1 of them \
             spare for N+1), more than max_hosts 3; the servers of its active hosts: [x] [y, z]; \
             host model a + b: needs 4 hosts (1 of them spare for N+1), more than max_hosts 3; \
             the servers of its active hosts: [x] [y, z]"
        );
    }
}
