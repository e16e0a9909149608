//! ECMAScript `Number::toString` for finite doubles (ECMA-262 §6.1.6.1.20), as RFC 8785
//! §3.2.2.3 requires.
//!
//! The digits are the shortest that read back as the same double, the nearest such, ties
//! to the even digit (ECMA-262's recommended behaviour, which every engine follows). They
//! come from the Burger–Dybvig free-format algorithm on exact big integers. Rust's own
//! `{:e}` is not used: it breaks exact ties upwards (it writes 1000000000000000.25 as
//! `...0.3` where ECMAScript writes `...0.2`), and core's float formatting, with the
//! parse-back that correcting those ties needs, would add about 25 KiB (brotli) to the
//! WebAssembly build.

use core::cmp::Ordering;

/// Writes a finite `x` as ECMAScript's `Number.prototype.toString()` does.
pub(super) fn push_number(out: &mut String, x: f64) {
    if x == 0.0 || !x.is_finite() {
        // -0 is written "0". Non-finite values never reach here (see `Number`).
        out.push('0');
        return;
    }
    if x < 0.0 {
        out.push('-');
    }
    let (digits, n) = shortest_digits(x.abs());
    // ECMAScript's layout: the value is 0.d1d2...dk × 10^n. Digits are ASCII bytes, split
    // with `split_at` on bytes: no UTF-8 boundary (and so no panic path) is involved.
    let push = |out: &mut String, digits: &[u8]| out.extend(digits.iter().map(|&d| char::from(d)));
    let k = digits.len() as i32;
    if k <= n && n <= 21 {
        push(out, &digits);
        push_zeros(out, n - k);
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        push(out, int);
        out.push('.');
        push(out, frac);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        push_zeros(out, -n);
        push(out, &digits);
    } else {
        let (first, rest) = digits.split_at(1);
        push(out, first);
        if !rest.is_empty() {
            out.push('.');
            push(out, rest);
        }
        out.push_str(if n > 0 { "e+" } else { "e-" });
        let exp = (n - 1).unsigned_abs();
        for place in [100, 10, 1] {
            if exp >= place || place == 1 {
                out.push(char::from(b'0' + (exp / place % 10) as u8));
            }
        }
    }
}

fn push_zeros(out: &mut String, count: i32) {
    for _ in 0..count {
        out.push('0');
    }
}

/// The shortest decimal digits `d1...dk` (ASCII) and exponent `n` with `0.d1...dk × 10^n` reading
/// back as `x` (positive, finite), nearest to `x`, ties to even.
///
/// Burger and Dybvig, "Printing Floating-Point Numbers Quickly and Accurately" (1996),
/// free-format algorithm: `x = r/s`; `x + m_plus/s` and `x - m_minus/s` are the midpoints
/// to the neighbouring doubles; a digit string reads back as `x` when it lies between them
/// (on them too when the mantissa is even, as round-half-even reading then picks `x`).
fn shortest_digits(x: f64) -> (Vec<u8>, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (f, e) = if biased == 0 { (fraction, -1074) } else { (fraction | (1 << 52), biased - 1075) };
    let even = f % 2 == 0;
    // At a power of two the gap to the double below is half the gap above.
    let lower_gap_halved = fraction == 0 && biased > 1;
    let shift = u32::from(lower_gap_halved);
    let (mut r, mut s, mut m_plus, mut m_minus);
    if e >= 0 {
        let e = e as u32;
        r = Big::from(f).shl(e + 1 + shift);
        s = Big::from(2).shl(shift);
        m_plus = Big::from(1).shl(e + shift);
        m_minus = Big::from(1).shl(e);
    } else {
        r = Big::from(f).shl(1 + shift);
        s = Big::from(1).shl(e.unsigned_abs() + 1 + shift);
        m_plus = Big::from(1).shl(shift);
        m_minus = Big::from(1);
    }

    // Scale so that the upper midpoint is just below 1: start from an estimate of the
    // decimal exponent that is never too high (floor(log2 x) × 0.30102539... - 1), then
    // raise it until the condition holds.
    let log2 = 63 - f.leading_zeros() as i32 + e;
    let mut n = ((log2 * 1233) >> 12) - 1;
    if n >= 0 {
        s.mul_pow10(n as u32);
    } else {
        let up = n.unsigned_abs();
        r.mul_pow10(up);
        m_plus.mul_pow10(up);
        m_minus.mul_pow10(up);
    }
    let reaches = |sum: Ordering| sum == Ordering::Greater || (even && sum == Ordering::Equal);
    while reaches(r.add(&m_plus).cmp(&s)) {
        s.mul_small(10);
        n += 1;
    }

    let mut digits = Vec::with_capacity(17);
    loop {
        r.mul_small(10);
        m_plus.mul_small(10);
        m_minus.mul_small(10);
        let mut d = 0u8;
        while r.cmp(&s) != Ordering::Less {
            r.sub_assign(&s);
            d += 1;
        }
        let below = r.cmp(&m_minus);
        let low = below == Ordering::Less || (even && below == Ordering::Equal);
        let high = reaches(r.add(&m_plus).cmp(&s));
        let last = match (low, high) {
            (false, false) => {
                digits.push(b'0' + d);
                continue;
            }
            (true, false) => d,
            (false, true) => d + 1,
            // Both d and d + 1 read back as x: take the nearer, and the even one on a tie.
            (true, true) => match r.clone().shl(1).cmp(&s) {
                Ordering::Less => d,
                Ordering::Greater => d + 1,
                Ordering::Equal => d + d % 2,
            },
        };
        digits.push(b'0' + last);
        return (digits, n);
    }
}

/// A non-negative big integer, little-endian in base 2^32: just the operations above.
#[derive(Clone)]
struct Big(Vec<u32>);

impl Big {
    fn from(value: u64) -> Big {
        Big(vec![value as u32, (value >> 32) as u32])
    }

    fn shl(mut self, bits: u32) -> Big {
        let (words, bits) = ((bits / 32) as usize, bits % 32);
        if bits > 0 {
            let mut carry = 0;
            for limb in &mut self.0 {
                let next = *limb >> (32 - bits);
                *limb = (*limb << bits) | carry;
                carry = next;
            }
            self.0.push(carry);
        }
        self.0.splice(0..0, core::iter::repeat_n(0, words));
        self
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, exp: u32) {
        for _ in 0..exp / 9 {
            self.mul_small(1_000_000_000);
        }
        self.mul_small(10u32.pow(exp % 9));
    }

    fn add(&self, other: &Big) -> Big {
        let len = self.0.len().max(other.0.len());
        let mut sum = Vec::with_capacity(len + 1);
        let mut carry = 0u64;
        for i in 0..len {
            let v = u64::from(self.limb(i)) + u64::from(other.limb(i)) + carry;
            sum.push(v as u32);
            carry = v >> 32;
        }
        sum.push(carry as u32);
        Big(sum)
    }

    /// `self -= other`; callers ensure `self >= other`.
    fn sub_assign(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let v = i64::from(*limb) - i64::from(other.limb(i)) - borrow;
            *limb = v as u32;
            borrow = i64::from(v < 0);
        }
    }

    fn limb(&self, i: usize) -> u32 {
        self.0.get(i).copied().unwrap_or(0)
    }

    fn cmp(&self, other: &Big) -> Ordering {
        let mut i = self.0.len().max(other.0.len());
        while i > 0 {
            i -= 1;
            let order = self.limb(i).cmp(&other.limb(i));
            if order != Ordering::Equal {
                return order;
            }
        }
        Ordering::Equal
    }
}
