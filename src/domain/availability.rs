//! Capacity arithmetic: which time windows an outlet can still offer for a set of services.
//!
//! The rule, in words. A booking occupies **one bay** and **one technician who holds every
//! skill its services need**, from its start for the sum of the services' durations (rounded
//! up to the outlet's slot grid), and must end by closing time. Windows start on the slot grid
//! from opening time. A window's remaining capacity is how many more such bookings fit: at every
//! moment of the window, bays in use plus the new bookings may not exceed the bays, and all the
//! bookings running at that moment must be assignable to distinct qualified technicians
//! (a bipartite matching; the numbers are small, so Kuhn's augmenting paths are plenty).
//!
//! The same function answers the customer's availability grid and the server's final check
//! inside the booking transaction, so what is shown and what is enforced cannot drift apart.

use super::catalog::{BookingPolicy, SkillSet};
use super::error::Problem;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

/// Minutes after local midnight.
pub type Minute = u32;

/// What an outlet has to offer: its grid, hours, bays and technicians.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutletCapacity {
    pub slot_minutes: u32,
    /// Opening and closing minute per weekday, Monday first; `None` when closed.
    pub hours: [Option<(Minute, Minute)>; 7],
    pub bays: u32,
    /// One entry per active technician: the skills they hold.
    pub technicians: Vec<SkillSet>,
    /// Days the outlet is closed whatever its weekday hours say (holidays, closures): first
    /// and last day of each, inclusive.
    pub closures: Vec<(NaiveDate, NaiveDate)>,
}

/// A booking already holding a bay and a technician.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occupancy {
    pub date: NaiveDate,
    pub start: Minute,
    pub end: Minute,
    pub skills: SkillSet,
}

/// What a new booking needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    pub duration_minutes: u32,
    pub skills: SkillSet,
}

/// A window on the availability grid, in the outlet's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    #[serde(with = "crate::domain::wire_time::time")]
    pub start: NaiveTime,
    #[serde(with = "crate::domain::wire_time::time")]
    pub end: NaiveTime,
    /// How many more bookings like this one fit; 0 means full.
    pub remaining: u32,
}

/// One day of the availability grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayAvailability {
    #[serde(with = "crate::domain::wire_time::date")]
    pub date: NaiveDate,
    /// False when the outlet is closed that day.
    pub open: bool,
    /// Windows still in the future (past the notice period), full ones included.
    pub windows: Vec<Window>,
}

impl DayAvailability {
    pub fn free_windows(&self) -> usize {
        self.windows.iter().filter(|w| w.remaining > 0).count()
    }
}

pub fn minute_of(time: NaiveTime) -> Minute {
    time.hour() * 60 + time.minute()
}

pub fn time_of(minute: Minute) -> NaiveTime {
    NaiveTime::from_hms_opt(minute / 60 % 24, minute % 60, 0).unwrap_or(NaiveTime::MIN)
}

impl OutletCapacity {
    /// The day's opening hours; `None` on its weekday off and on a closure day.
    pub fn hours_on(&self, date: NaiveDate) -> Option<(Minute, Minute)> {
        if self
            .closures
            .iter()
            .any(|(first, last)| (*first..=*last).contains(&date))
        {
            return None;
        }
        self.hours[date.weekday().num_days_from_monday() as usize]
    }

    /// The bay time a booking takes: the services' sum rounded up to the slot grid.
    pub fn booked_minutes(&self, need: Need) -> u32 {
        let slot = self.slot_minutes.max(1);
        need.duration_minutes.div_ceil(slot).max(1) * slot
    }

    /// True when at least one technician can do the whole booking.
    pub fn can_serve(&self, need: Need) -> bool {
        self.technicians.iter().any(|t| t.covers(need.skills))
    }

    /// Every window start on the day's grid for a booking of this need, open or not.
    pub fn grid(&self, date: NaiveDate, need: Need) -> Vec<(Minute, Minute)> {
        let Some((opens, closes)) = self.hours_on(date) else {
            return Vec::new();
        };
        let length = self.booked_minutes(need);
        let step = self.slot_minutes.max(1) as usize;
        (opens..closes)
            .step_by(step)
            .map(|start| (start, start + length))
            .filter(|(_, end)| *end <= closes)
            .collect()
    }

    /// How many more bookings of `need` fit in `[start, end)` given the day's `occupied` list.
    pub fn remaining(&self, start: Minute, end: Minute, need: Need, occupied: &[Occupancy]) -> u32 {
        // The set of running bookings only changes where one starts, so checking the window's
        // start and every booking start inside it covers every moment of the window.
        let mut moments = vec![start];
        moments.extend(
            occupied
                .iter()
                .map(|o| o.start)
                .filter(|s| (start + 1..end).contains(s)),
        );
        moments
            .into_iter()
            .map(|moment| {
                let running: Vec<SkillSet> = occupied
                    .iter()
                    .filter(|o| o.start <= moment && moment < o.end)
                    .map(|o| o.skills)
                    .collect();
                self.fits_at_moment(&running, need.skills)
            })
            .min()
            .unwrap_or(0)
    }

    /// How many more bookings needing `skills` fit alongside the `running` ones.
    fn fits_at_moment(&self, running: &[SkillSet], skills: SkillSet) -> u32 {
        let free_bays = self.bays.saturating_sub(running.len() as u32);
        let mut matching = Matching::new(&self.technicians);
        if !running.iter().all(|job| matching.assign(*job)) {
            return 0; // already over capacity (for example a technician left): offer nothing
        }
        let mut fitted = 0;
        while fitted < free_bays && matching.assign(skills) {
            fitted += 1;
        }
        fitted
    }

    /// The bookings that would not fit again next to all the others on their day: empty when
    /// every moment of every day is within capacity. (The invariant the booking transaction
    /// keeps; tests and the benchmark check stored days with it.)
    pub fn over_capacity(&self, occupied: &[Occupancy]) -> Vec<Occupancy> {
        occupied
            .iter()
            .enumerate()
            .filter(|(i, booking)| {
                let others: Vec<Occupancy> = occupied
                    .iter()
                    .enumerate()
                    .filter(|(j, other)| j != i && other.date == booking.date)
                    .map(|(_, other)| *other)
                    .collect();
                let need = Need {
                    duration_minutes: booking.end - booking.start,
                    skills: booking.skills,
                };
                self.remaining(booking.start, booking.end, need, &others) == 0
            })
            .map(|(_, booking)| *booking)
            .collect()
    }

    /// The availability grid for one day, with windows before `earliest` left out.
    pub fn day(
        &self,
        date: NaiveDate,
        need: Need,
        earliest: NaiveDateTime,
        occupied: &[Occupancy],
    ) -> DayAvailability {
        let same_day: Vec<Occupancy> = occupied
            .iter()
            .copied()
            .filter(|o| o.date == date)
            .collect();
        let windows = self
            .grid(date, need)
            .into_iter()
            .filter(|(start, _)| date.and_time(time_of(*start)) >= earliest)
            .map(|(start, end)| Window {
                start: time_of(start),
                end: time_of(end),
                remaining: self.remaining(start, end, need, &same_day),
            })
            .collect();
        DayAvailability {
            date,
            open: self.hours_on(date).is_some(),
            windows,
        }
    }
}

/// Bookings assigned to technicians; `assign` adds one booking by augmenting paths.
struct Matching<'a> {
    technicians: &'a [SkillSet],
    /// For each technician, the index of the job they hold.
    holder_of: Vec<Option<usize>>,
    jobs: Vec<SkillSet>,
}

impl<'a> Matching<'a> {
    fn new(technicians: &'a [SkillSet]) -> Self {
        Self {
            technicians,
            holder_of: vec![None; technicians.len()],
            jobs: Vec::new(),
        }
    }

    /// Adds a job; false (and the job is dropped) when no assignment can include it.
    fn assign(&mut self, skills: SkillSet) -> bool {
        self.jobs.push(skills);
        let job = self.jobs.len() - 1;
        let mut visited = vec![false; self.technicians.len()];
        if self.augment(job, &mut visited) {
            true
        } else {
            self.jobs.pop();
            false
        }
    }

    fn augment(&mut self, job: usize, visited: &mut [bool]) -> bool {
        for tech in 0..self.technicians.len() {
            if visited[tech] || !self.technicians[tech].covers(self.jobs[job]) {
                continue;
            }
            visited[tech] = true;
            let free_or_movable = match self.holder_of[tech] {
                None => true,
                Some(other) => self.augment(other, visited),
            };
            if free_or_movable {
                self.holder_of[tech] = Some(job);
                return true;
            }
        }
        false
    }
}

/// The booking horizon: `today` and the following `policy.horizon_days - 1` days.
pub fn horizon(today: NaiveDate, policy: &BookingPolicy) -> Vec<NaiveDate> {
    (0..policy.horizon_days.max(1))
        .map(|offset| today + Duration::days(offset as i64))
        .collect()
}

/// The earliest moment a new booking may start: now plus the outlet's notice period.
pub fn earliest_start(now_local: NaiveDateTime, policy: &BookingPolicy) -> NaiveDateTime {
    now_local + Duration::minutes(policy.min_notice_minutes as i64)
}

/// Checks a requested window against the calendar and the outlet's grid.
/// Returns the window's start and end minute; capacity is checked separately.
pub fn check_window(
    capacity: &OutletCapacity,
    policy: &BookingPolicy,
    now_local: NaiveDateTime,
    date: NaiveDate,
    start: NaiveTime,
    need: Need,
) -> Result<(Minute, Minute), Problem> {
    let today = now_local.date();
    if date < today {
        return Err(Problem::DateInPast);
    }
    if date >= today + Duration::days(policy.horizon_days as i64) {
        return Err(Problem::DateBeyondHorizon {
            days: policy.horizon_days,
        });
    }
    if date.and_time(start) < earliest_start(now_local, policy) {
        return Err(Problem::WindowInPast);
    }
    let start = minute_of(start);
    capacity
        .grid(date, need)
        .into_iter()
        .find(|(s, _)| *s == start)
        .ok_or(Problem::WindowNotOffered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Skill;

    fn skills(list: &[Skill]) -> SkillSet {
        list.iter().copied().collect()
    }

    fn outlet(bays: u32, technicians: Vec<SkillSet>) -> OutletCapacity {
        let weekday = Some((8 * 60 + 30, 18 * 60));
        OutletCapacity {
            slot_minutes: 30,
            hours: [
                weekday,
                weekday,
                weekday,
                weekday,
                weekday,
                Some((9 * 60, 17 * 60)),
                None,
            ],
            bays,
            technicians,
            closures: Vec::new(),
        }
    }

    fn need(minutes: u32, list: &[Skill]) -> Need {
        Need {
            duration_minutes: minutes,
            skills: skills(list),
        }
    }

    // 2026-11-30 is a Monday, 2026-12-06 a Sunday.
    fn monday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    fn at(h: u32, m: u32) -> Minute {
        h * 60 + m
    }

    fn booked(start: Minute, end: Minute, list: &[Skill]) -> Occupancy {
        Occupancy {
            date: monday(),
            start,
            end,
            skills: skills(list),
        }
    }

    #[test]
    fn a_closure_empties_its_days_grid_and_leaves_the_days_around_it() {
        let mut capacity = outlet(2, vec![skills(&[Skill::Maintenance])]);
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        capacity.closures = vec![(day(1), day(2))];
        let n = need(60, &[Skill::Maintenance]);

        assert_eq!(capacity.hours_on(day(1)), None);
        assert_eq!(capacity.hours_on(day(2)), None);
        assert!(capacity.grid(day(2), n).is_empty());
        assert_eq!(capacity.hours_on(day(3)), Some((8 * 60 + 30, 18 * 60)));
        assert_eq!(
            capacity.hours_on(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()),
            Some((8 * 60 + 30, 18 * 60))
        );
    }

    #[test]
    fn an_empty_day_offers_the_smaller_of_bays_and_qualified_technicians() {
        let maintenance = skills(&[Skill::Maintenance]);
        let outlet = outlet(3, vec![maintenance; 5]);
        assert_eq!(
            outlet.remaining(at(9, 0), at(10, 0), need(60, &[Skill::Maintenance]), &[]),
            3
        );
        let outlet = self::outlet(6, vec![maintenance; 2]);
        assert_eq!(
            outlet.remaining(at(9, 0), at(10, 0), need(60, &[Skill::Maintenance]), &[]),
            2
        );
    }

    #[test]
    fn only_technicians_with_every_needed_skill_count() {
        let outlet = outlet(
            5,
            vec![
                skills(&[Skill::Maintenance]),
                skills(&[Skill::HighVoltage, Skill::Diagnosis]),
                skills(&[Skill::HighVoltage]),
            ],
        );
        let ev_check = need(90, &[Skill::HighVoltage, Skill::Diagnosis]);
        assert_eq!(outlet.remaining(at(9, 0), at(10, 30), ev_check, &[]), 1);
        assert!(!outlet.can_serve(need(60, &[Skill::BodyPaint])));
    }

    #[test]
    fn a_booking_overlapping_any_moment_of_the_window_takes_capacity() {
        let m = skills(&[Skill::Maintenance]);
        let outlet = outlet(2, vec![m; 2]);
        // Two bookings at 10:00–11:00: a 9:00–10:30 window collides with them from 10:00.
        let day = [
            booked(at(10, 0), at(11, 0), &[Skill::Maintenance]),
            booked(at(10, 0), at(11, 0), &[Skill::Maintenance]),
        ];
        assert_eq!(
            outlet.remaining(at(9, 0), at(10, 30), need(90, &[Skill::Maintenance]), &day),
            0
        );
        // A window that ends as they start does not.
        assert_eq!(
            outlet.remaining(at(9, 0), at(10, 0), need(60, &[Skill::Maintenance]), &day),
            2
        );
        assert_eq!(
            outlet.remaining(at(11, 0), at(12, 0), need(60, &[Skill::Maintenance]), &day),
            2
        );
    }

    #[test]
    fn technicians_are_matched_so_a_specialist_is_kept_for_the_job_only_they_can_do() {
        // Tech A: maintenance only. Tech B: maintenance and tyres.
        let outlet = outlet(
            3,
            vec![
                skills(&[Skill::Maintenance]),
                skills(&[Skill::Maintenance, Skill::Tyres]),
            ],
        );
        // A maintenance booking is running; a tyres job can still go to B if the maintenance goes to A.
        let day = [booked(at(9, 0), at(10, 0), &[Skill::Maintenance])];
        assert_eq!(
            outlet.remaining(at(9, 0), at(10, 0), need(60, &[Skill::Tyres]), &day),
            1
        );
        // With a tyres job running too, nothing more fits: both technicians are busy.
        let day = [day[0], booked(at(9, 0), at(10, 0), &[Skill::Tyres])];
        assert_eq!(
            outlet.remaining(at(9, 0), at(10, 0), need(60, &[Skill::Maintenance]), &day),
            0
        );
    }

    #[test]
    fn windows_follow_the_grid_and_end_by_closing_time() {
        let outlet = outlet(1, vec![skills(&[Skill::Maintenance])]);
        let grid = outlet.grid(monday(), need(100, &[Skill::Maintenance])); // rounds up to 120 min
        assert_eq!(grid.first(), Some(&(at(8, 30), at(10, 30))));
        assert_eq!(grid.last(), Some(&(at(16, 0), at(18, 0))));
        assert_eq!(grid.len(), 16);
        let sunday = monday() + Duration::days(6);
        assert!(outlet
            .grid(sunday, need(60, &[Skill::Maintenance]))
            .is_empty());
    }

    #[test]
    fn the_day_grid_hides_windows_inside_the_notice_period() {
        let outlet = outlet(1, vec![skills(&[Skill::Maintenance])]);
        let earliest = monday().and_hms_opt(14, 10, 0).unwrap();
        let day = outlet.day(monday(), need(60, &[Skill::Maintenance]), earliest, &[]);
        assert!(day.open);
        assert_eq!(
            day.windows.first().map(|w| w.start),
            Some(time_of(at(14, 30)))
        );
        assert_eq!(day.free_windows(), day.windows.len());
    }

    #[test]
    fn a_requested_window_is_checked_against_calendar_grid_and_notice() {
        let outlet = outlet(1, vec![skills(&[Skill::Maintenance])]);
        let policy = BookingPolicy::default();
        let now = monday().and_hms_opt(9, 0, 0).unwrap();
        let oil = need(60, &[Skill::Maintenance]);
        let check = |date: NaiveDate, h: u32, m: u32| {
            check_window(&outlet, &policy, now, date, time_of(at(h, m)), oil)
        };

        assert_eq!(check(monday(), 11, 0), Ok((at(11, 0), at(12, 0))));
        assert_eq!(
            check(monday() - Duration::days(1), 11, 0),
            Err(Problem::DateInPast)
        );
        assert_eq!(check(monday(), 9, 30), Err(Problem::WindowInPast));
        assert_eq!(check(monday(), 11, 10), Err(Problem::WindowNotOffered));
        assert_eq!(check(monday(), 17, 30), Err(Problem::WindowNotOffered));
        assert_eq!(
            check(monday() + Duration::days(6), 11, 0),
            Err(Problem::WindowNotOffered)
        );
        assert_eq!(
            check(monday() + Duration::days(14), 11, 0),
            Err(Problem::DateBeyondHorizon { days: 14 })
        );
        assert_eq!(
            check(monday() + Duration::days(12), 11, 0),
            Ok((at(11, 0), at(12, 0)))
        );
    }

    #[test]
    fn a_day_with_more_bookings_than_qualified_technicians_is_flagged_and_a_full_one_is_not() {
        let outlet = outlet(6, vec![skills(&[Skill::Mechanical]); 2]);
        let full = [
            booked(at(9, 0), at(11, 0), &[Skill::Mechanical]),
            booked(at(10, 0), at(12, 0), &[Skill::Mechanical]),
        ];
        assert!(outlet.over_capacity(&full).is_empty());
        let over = [
            full[0],
            full[1],
            booked(at(10, 30), at(11, 30), &[Skill::Mechanical]),
        ];
        assert_eq!(outlet.over_capacity(&over).len(), 3);
    }

    #[test]
    fn the_horizon_is_today_and_the_next_thirteen_days() {
        let days = horizon(monday(), &BookingPolicy::default());
        assert_eq!(days.len(), 14);
        assert_eq!(days[0], monday());
        assert_eq!(days[13], monday() + Duration::days(13));
    }
}
