//! From inventory figures to packable quantities: what a server needs (peak CPU, or CPU for
//! each hour of the day when time-of-day packing is on), what a host offers in normal
//! operation (target utilisation) and after a host failure (failover limit), growth over the
//! years, and the conversion to the solver's integer units.

use super::result::Resources;
use crate::inventory::{HostModel, Inventory, Policy, Server};

/// Integer units per resource unit (milli-cores, milli-vCPUs, MB). Fine enough that the
/// rounding below costs well under 0.1 % of a host.
pub const UNITS: f64 = 1000.0;

/// Hours of a day profile.
pub const HOURS: usize = 24;

/// A demand (or a limit) in the packed dimensions: CPU in normalised core units — one value
/// (the peak) or one per hour of the day — then vCPUs, then memory in GB.
#[derive(Debug, Clone, PartialEq)]
pub struct Need {
    /// CPU per hour (length 1: peak only; length 24: hour 0 to 23).
    pub cpu: Vec<f64>,
    /// Virtual CPUs.
    pub vcpu: f64,
    /// Memory in GB.
    pub memory_gb: f64,
}

impl Need {
    /// Nothing, over `hours` CPU values.
    pub fn zero(hours: usize) -> Self {
        Need { cpu: vec![0.0; hours], vcpu: 0.0, memory_gb: 0.0 }
    }

    /// Adds `o` (same number of hours).
    pub fn add(&mut self, o: &Need) {
        for (a, b) in self.cpu.iter_mut().zip(&o.cpu) {
            *a += b;
        }
        self.vcpu += o.vcpu;
        self.memory_gb += o.memory_gb;
    }

    /// Element-wise maximum with `o`.
    pub fn max_with(&mut self, o: &Need) {
        for (a, b) in self.cpu.iter_mut().zip(&o.cpu) {
            *a = a.max(*b);
        }
        self.vcpu = self.vcpu.max(o.vcpu);
        self.memory_gb = self.memory_gb.max(o.memory_gb);
    }

    /// CPU in the busiest hour.
    pub fn peak_cpu(&self) -> f64 {
        self.cpu.iter().copied().fold(0.0, f64::max)
    }

    /// As reported: CPU of the busiest hour, vCPUs, memory.
    pub fn resources(&self) -> Resources {
        Resources { cpu: self.peak_cpu(), vcpu: self.vcpu, memory_gb: self.memory_gb }
    }

    fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.cpu.iter().copied().chain([self.vcpu, self.memory_gb])
    }

    /// In integer units, rounded up (never understate a need).
    pub fn demand_units(&self) -> Vec<u64> {
        self.values().map(|x| (x * UNITS - 1e-6).ceil().max(0.0) as u64).collect()
    }

    /// In integer units, rounded down (never overstate what a host offers).
    pub fn capacity_units(&self) -> Vec<u64> {
        self.values().map(|x| (x * UNITS + 1e-6).floor().max(0.0) as u64).collect()
    }
}

/// Peak CPU utilisation of a server in percent: its `peak_cpu_pct`, or its profile's busiest
/// hour.
pub fn peak_pct(s: &Server) -> f64 {
    match (&s.peak_cpu_pct, &s.cpu_profile) {
        (Some(p), _) => *p,
        (None, Some(profile)) => profile.iter().copied().fold(0.0, f64::max),
        (None, None) => 0.0,
    }
}

/// Growth factor of a server's demand in fiscal year `fy`: compound yearly growth (its
/// system's rate, or the overall rate) counted from the first year of the horizon.
pub fn growth_factor(inv: &Inventory, s: &Server, fy: i32) -> f64 {
    let rate = inv.growth.systems.get(&s.system).copied().unwrap_or(inv.growth.overall_pct);
    (1.0 + rate / 100.0).powi(fy - inv.plan.first_fy)
}

/// What a server needs on a host. CPU = cores × per-core performance × utilisation (so a
/// 2012-era core busy 100 % is 1.0), per hour when `hours` is 24 (a server without a profile
/// is at its peak all day). `scale` multiplies CPU and memory (growth, BCP sizing);
/// `vcpu_scale` the vCPU count (BCP sizing), rounded up to whole vCPUs.
pub fn server_need(s: &Server, hours: usize, scale: f64, vcpu_scale: f64) -> Need {
    let per_pct = f64::from(s.cores) * s.core_perf / 100.0 * scale;
    let cpu = if hours == HOURS {
        match &s.cpu_profile {
            Some(p) => p.iter().map(|u| u * per_pct).collect(),
            None => vec![peak_pct(s) * per_pct; HOURS],
        }
    } else {
        vec![peak_pct(s) * per_pct]
    };
    let vcpus = f64::from(s.vcpus.unwrap_or(s.cores));
    Need { cpu, vcpu: (vcpus * vcpu_scale - 1e-9).ceil().max(1.0), memory_gb: s.memory_gb * scale }
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

fn limit_at(m: &HostModel, p: &Policy, hours: usize, cpu_pct: f64, mem_pct: f64) -> Need {
    let c = host_capacity(m, p);
    Need {
        cpu: vec![c.cpu * cpu_pct / 100.0; hours],
        vcpu: c.vcpu,
        memory_gb: c.memory_gb * mem_pct / 100.0,
    }
}

/// What normal operation may use: capacity at the target utilisation (the headroom).
pub fn host_limit(m: &HostModel, p: &Policy, hours: usize) -> Need {
    limit_at(m, p, hours, p.target_cpu_pct, p.target_memory_pct)
}

/// What a surviving host may reach after host failures.
pub fn failover_limit(m: &HostModel, p: &Policy, hours: usize) -> Need {
    limit_at(m, p, hours, p.failover_cpu_pct, p.failover_memory_pct)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_conservative() {
        let n = Need { cpu: vec![1.0001], vcpu: 2.0, memory_gb: 0.0 };
        assert_eq!(n.demand_units(), vec![1001, 2000, 0]);
        let c = Need { cpu: vec![1.0009], vcpu: 2.0, memory_gb: 3.3 };
        assert_eq!(c.capacity_units(), vec![1000, 2000, 3300]);
    }
}
