//! From inventory figures to packable quantities: what a server needs, what a host offers in
//! normal operation (target utilisation) and after a host failure (failover limit), and the
//! conversion to the solver's integer units.

use super::result::Resources;
use crate::inventory::{HostModel, Policy, Server};

/// Integer units per resource unit (milli-cores, milli-vCPUs, MB-ish). Fine enough that the
/// rounding below costs well under 0.1 % of a host.
pub const UNITS: f64 = 1000.0;

/// What a server needs on a host: CPU = cores × per-core performance × peak utilisation (so a
/// 2012-era core busy 100 % is 1.0), its vCPUs (default: its cores) and its memory.
pub fn server_demand(s: &Server) -> Resources {
    Resources {
        cpu: f64::from(s.cores) * s.core_perf * s.peak_cpu_pct / 100.0,
        vcpu: f64::from(s.vcpus.unwrap_or(s.cores)),
        memory_gb: s.memory_gb,
    }
}

/// Physical capacity of a host model: CPU = cores × per-core performance, vCPUs = cores × the
/// allowed vCPU-per-core ratio, memory × the overcommit ratio.
pub fn host_capacity(m: &HostModel, p: &Policy) -> Resources {
    Resources {
        cpu: f64::from(m.cores) * m.core_perf,
        vcpu: f64::from(m.cores) * p.vcpu_per_core,
        memory_gb: m.memory_gb * p.memory_overcommit,
    }
}

/// What normal operation may use: capacity at the target utilisation (the headroom).
pub fn host_limit(m: &HostModel, p: &Policy) -> Resources {
    let c = host_capacity(m, p);
    Resources {
        cpu: c.cpu * p.target_cpu_pct / 100.0,
        vcpu: c.vcpu,
        memory_gb: c.memory_gb * p.target_memory_pct / 100.0,
    }
}

/// What a surviving host may reach after a host failure.
pub fn failover_limit(m: &HostModel, p: &Policy) -> Resources {
    let c = host_capacity(m, p);
    Resources {
        cpu: c.cpu * p.failover_cpu_pct / 100.0,
        vcpu: c.vcpu,
        memory_gb: c.memory_gb * p.failover_memory_pct / 100.0,
    }
}

/// A demand in integer units, rounded up (never understate a need).
pub fn demand_units(r: &Resources) -> Vec<u64> {
    r.values().iter().map(|&x| (x * UNITS - 1e-6).ceil().max(0.0) as u64).collect()
}

/// A capacity in integer units, rounded down (never overstate what a host offers).
pub fn capacity_units(r: &Resources) -> Vec<u64> {
    r.values().iter().map(|&x| (x * UNITS + 1e-6).floor().max(0.0) as u64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_conservative() {
        let d = demand_units(&Resources { cpu: 1.0001, vcpu: 2.0, memory_gb: 0.0 });
        assert_eq!(d, vec![1001, 2000, 0]);
        let c = capacity_units(&Resources { cpu: 1.0009, vcpu: 2.0, memory_gb: 3.3 });
        assert_eq!(c, vec![1000, 2000, 3300]);
    }
}
