//! Rate limiting per client IP: a token bucket of `2 × rate` requests refilled at `rate`
//! per second. A client over its budget gets 429 with `Retry-After`, which the widget's
//! delivery treats as "try later", so no record is lost to the limit.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

use crate::problem::Problem;

/// Buckets kept before idle ones are dropped.
const MAX_TRACKED: usize = 10_000;

pub struct RateLimiter {
    rate: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    /// `per_second` requests per second per IP; 0 turns limiting off.
    pub fn new(per_second: u32) -> RateLimiter {
        RateLimiter { rate: f64::from(per_second), buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one token for `ip` at `now`, or says how long to wait.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), Problem> {
        if self.rate == 0.0 {
            return Ok(());
        }
        let capacity = 2.0 * self.rate;
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= MAX_TRACKED {
            let rate = self.rate;
            buckets.retain(|_, (tokens, last)| *tokens + now.saturating_duration_since(*last).as_secs_f64() * rate < capacity);
        }
        let (tokens, last) = buckets.entry(ip).or_insert((capacity, now));
        *tokens = (*tokens + now.saturating_duration_since(*last).as_secs_f64() * self.rate).min(capacity);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            return Ok(());
        }
        let wait = ((1.0 - *tokens) / self.rate).ceil().max(1.0) as u64;
        let mut problem = Problem::new(429, "rate-limited", "Too many requests", format!("more than {} requests per second from {ip}; retry in {wait} s", self.rate));
        problem.retry_after = Some(wait);
        Err(problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bursts_then_refills() {
        let limiter = RateLimiter::new(5);
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let other: IpAddr = "127.0.0.2".parse().unwrap();
        let start = Instant::now();
        assert!((0..10).all(|_| limiter.check(ip, start).is_ok()));
        let refused = limiter.check(ip, start).unwrap_err();
        assert_eq!((refused.status, refused.retry_after), (429, Some(1)));
        assert!(limiter.check(other, start).is_ok(), "each client has its own budget");
        assert!(limiter.check(ip, start + Duration::from_millis(200)).is_ok(), "one token back after 1/5 s");
        assert!(RateLimiter::new(0).check(ip, start).is_ok());
    }
}
