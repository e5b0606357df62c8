//! What a catalogue service normally takes (标准工时 and the parts it normally uses), and the
//! initial estimate check-in builds from it: the booked (or walk-in) services become the work
//! order's first lines, which the customer consents to when the order is opened. Only what is
//! found later is an added item (增项).

use super::catalog::Localized;
use super::estimate::{Approval, EstimateLine, LineKind, Money, NewLine, PartOrigin};
use super::ids::{LineId, ServiceTypeId};
use serde::{Deserialize, Serialize};

/// A part a service normally uses, at its list price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardPart {
    pub part_code: String,
    pub name: Localized,
    pub origin: PartOrigin,
    pub brand: String,
    pub spec: String,
    /// A `PartUnit` code.
    pub unit: String,
    /// Hundredths, like an estimate line's quantity.
    pub quantity: u32,
    pub unit_price: Money,
}

/// A catalogue service's standard work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardWork {
    pub service: ServiceTypeId,
    pub name: Localized,
    /// Standard labour hours (hundredths), charged at the outlet's rate.
    pub labour_hours: u32,
    pub parts: Vec<StandardPart>,
}

/// The initial estimate of the chosen services at the outlet's labour rate: each service's
/// standard hours as one labour line, in the order chosen, then the parts. A part that several
/// chosen services use (the oil of a minor and a major service) is fitted once: it is listed
/// once, with the largest of their quantities (parts without a code are never merged). A
/// service without standard hours adds no
/// labour line (it is priced once diagnosed).
pub fn initial_estimate(chosen: &[&StandardWork], rate: Money) -> Vec<NewLine> {
    let labour = chosen
        .iter()
        .filter(|work| work.labour_hours > 0)
        .map(|work| NewLine {
            item: work.name.zh.clone(),
            item_en: work.name.en.clone(),
            reason: String::new(),
            kind: LineKind::Labour {
                hours: work.labour_hours,
                rate,
            },
        });
    let mut parts: Vec<&StandardPart> = Vec::new();
    for part in chosen.iter().flat_map(|work| &work.parts) {
        // Parts without a code cannot be told apart: each is listed as it is.
        let same = |p: &&StandardPart| !part.part_code.is_empty() && p.part_code == part.part_code;
        match parts.iter_mut().find(|p| same(p)) {
            Some(listed) if listed.quantity < part.quantity => *listed = part,
            Some(_) => {}
            None => parts.push(part),
        }
    }
    let parts = parts.into_iter().map(|part| NewLine {
        item: part.name.zh.clone(),
        item_en: part.name.en.clone(),
        reason: String::new(),
        kind: LineKind::Part {
            part_code: part.part_code.clone(),
            origin: part.origin,
            brand: part.brand.clone(),
            spec: part.spec.clone(),
            unit: part.unit.clone(),
            customer_supplied: false,
            quantity: part.quantity,
            unit_price: part.unit_price,
        },
    });
    labour.chain(parts).collect()
}

/// The initial estimate's total.
pub fn initial_total(lines: &[NewLine]) -> Money {
    Money(lines.iter().map(|l| l.amount().0).sum())
}

/// The lines as the estimate table shows them before the order exists: agreed once the
/// customer consents, numbered in order.
pub fn proposed(lines: Vec<NewLine>) -> Vec<EstimateLine> {
    lines
        .into_iter()
        .zip(1..)
        .map(|(line, id)| EstimateLine {
            id: LineId(id),
            amount: line.amount(),
            item: line.item,
            item_en: line.item_en,
            reason: line.reason,
            kind: line.kind,
            approval: Approval::Agreed,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Lang;

    fn text(zh: &str) -> Localized {
        Localized {
            zh: zh.into(),
            en: format!("{zh} (en)"),
        }
    }

    fn part(code: &str, quantity: u32, price: i64) -> StandardPart {
        StandardPart {
            part_code: code.into(),
            name: text(code),
            origin: PartOrigin::Original,
            brand: String::new(),
            spec: String::new(),
            unit: "piece".into(),
            quantity,
            unit_price: Money(price),
        }
    }

    fn work(id: i64, hours: u32, parts: Vec<StandardPart>) -> StandardWork {
        StandardWork {
            service: ServiceTypeId(id),
            name: text(&format!("服务{id}")),
            labour_hours: hours,
            parts,
        }
    }

    #[test]
    fn each_service_brings_its_standard_hours_at_the_outlets_rate_then_its_parts() {
        let minor = work(
            1,
            100,
            vec![part("OIL", 400, 8_000), part("FILTER", 100, 6_000)],
        );
        let lines = initial_estimate(&[&minor], Money(20_000));
        let amounts: Vec<i64> = lines.iter().map(|l| l.amount().0).collect();
        // 1 h × ¥200, 4 L × ¥80, 1 × ¥60.
        assert_eq!(amounts, [20_000, 32_000, 6_000]);
        assert_eq!(initial_total(&lines), Money(58_000));
        assert_eq!(lines[0].item_in(Lang::En), "服务1 (en)");
        assert_eq!(lines[0].item_in(Lang::Zh), "服务1");
    }

    #[test]
    fn a_part_two_services_use_is_fitted_once_with_the_larger_quantity() {
        let minor = work(1, 100, vec![part("OIL", 400, 8_000)]);
        let major = work(
            2,
            250,
            vec![part("OIL", 450, 8_000), part("AIR", 100, 9_000)],
        );
        let lines = initial_estimate(&[&minor, &major], Money(10_000));
        let parts: Vec<(String, u32)> = lines
            .iter()
            .filter_map(|l| match &l.kind {
                LineKind::Part {
                    part_code,
                    quantity,
                    ..
                } => Some((part_code.clone(), *quantity)),
                _ => None,
            })
            .collect();
        assert_eq!(parts, [("OIL".to_string(), 450), ("AIR".to_string(), 100)]);
        assert_eq!(lines.len(), 4, "two labour lines, two parts");
        let uncoded = work(3, 0, vec![part("", 100, 1_000)]);
        let other = work(4, 0, vec![part("", 200, 2_000)]);
        assert_eq!(
            initial_estimate(&[&uncoded, &other], Money(10_000)).len(),
            2,
            "two parts without a code are two parts"
        );
    }

    #[test]
    fn a_service_priced_after_diagnosis_adds_no_line_and_nothing_chosen_is_an_empty_estimate() {
        let diagnosis = work(5, 0, Vec::new());
        assert!(initial_estimate(&[&diagnosis], Money(20_000)).is_empty());
        assert!(initial_estimate(&[], Money(20_000)).is_empty());
    }
}
