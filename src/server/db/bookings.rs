//! Bookings: the outlet's occupancy, booking a window, rescheduling, reclaiming capacity for a
//! late arrival, status changes and the booking listings. Written once over both databases like
//! `store.rs`; every change that takes capacity runs in `Backend::begin_booking`'s transaction,
//! which serialises it at the outlet and for the car, so there is no overbooking.

use super::kpi_days::mark_booking_day;
use super::store::{corrupt, to_i32, Backend, Store};
use super::*;
use crate::domain::availability::Need;
use crate::domain::booking::{fair_use, BookedOrder, Channel, HeldWindow, SafetySymptom};
use crate::domain::catalog::SkillSet;
use crate::domain::vehicle::Plate;
use sqlx::{ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Type};

/// The statuses that hold capacity, as an SQL list, from the domain rule.
fn holding_statuses() -> String {
    BookingStatus::ALL
        .into_iter()
        .filter(|s| s.holds_capacity())
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(FromRow)]
struct OccupancyRow {
    local_date: NaiveDate,
    start_minute: i32,
    end_minute: i32,
    skills: String,
}

impl TryFrom<OccupancyRow> for Occupancy {
    type Error = DbError;
    fn try_from(r: OccupancyRow) -> Result<Self, Self::Error> {
        Ok(Occupancy {
            date: r.local_date,
            start: r.start_minute as u32,
            end: r.end_minute as u32,
            skills: SkillSet::from_db(&r.skills).map_err(corrupt)?,
        })
    }
}

#[derive(FromRow)]
struct BookingRow {
    id: i64,
    number: String,
    outlet_id: i64,
    customer_id: i64,
    car_id: i64,
    local_date: NaiveDate,
    start_minute: i32,
    end_minute: i32,
    starts_at: DateTime<Utc>,
    skills: String,
    urgent: bool,
    symptoms: String,
    description: String,
    status: String,
    channel: String,
    customer_name: String,
    customer_phone: String,
    plate: String,
    car_model: String,
    order_number: Option<String>,
    order_status: Option<String>,
}

impl BookingRow {
    fn into_record(self, service_ids: Vec<ServiceTypeId>) -> DbResult<BookingRecord> {
        Ok(BookingRecord {
            id: BookingId(self.id),
            number: BookingNumber::parse(&self.number)
                .map_err(|_| corrupt("stored booking number"))?,
            outlet_id: OutletId(self.outlet_id),
            customer_id: CustomerId(self.customer_id),
            car_id: CarId(self.car_id),
            slot: Slot {
                date: self.local_date,
                start: self.start_minute as u32,
                end: self.end_minute as u32,
                starts_at: self.starts_at,
            },
            skills: SkillSet::from_db(&self.skills).map_err(corrupt)?,
            urgent: self.urgent,
            symptoms: SafetySymptom::list_from_db(&self.symptoms).map_err(corrupt)?,
            description: self.description,
            status: self.status.parse().map_err(corrupt)?,
            channel: self.channel.parse::<Channel>().map_err(corrupt)?,
            service_ids,
            customer_name: self.customer_name,
            customer_phone: Phone::stored(&self.customer_phone)
                .map_err(|_| corrupt("stored phone"))?,
            plate: Plate::parse(&self.plate).map_err(|_| corrupt("stored plate"))?,
            car_model: self.car_model,
            work_order: match (self.order_number, self.order_status) {
                (Some(number), Some(status)) => Some(BookedOrder {
                    number: WorkOrderNumber::parse(&number)
                        .map_err(|_| corrupt("stored work-order number"))?,
                    status: status.parse().map_err(corrupt)?,
                }),
                _ => None,
            },
        })
    }
}

/// Which bookings a listing wants; the same filter selects their services.
enum BookingFilter<'a> {
    Number(&'a str),
    Customer(CustomerId),
    Day(OutletId, NaiveDate),
}

impl BookingFilter<'_> {
    fn condition(&self) -> &'static str {
        match self {
            Self::Number(_) => "b.number = $1",
            Self::Customer(_) => "b.customer_id = $1",
            Self::Day(..) => "b.outlet_id = $1 AND b.local_date = $2",
        }
    }
}

fn bind_filter<'q, DB, O>(
    query: sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments<'q>>,
    filter: &BookingFilter<'q>,
) -> sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments<'q>>
where
    DB: sqlx::Database,
    i64: Encode<'q, DB> + Type<DB>,
    &'q str: Encode<'q, DB> + Type<DB>,
    NaiveDate: Encode<'q, DB> + Type<DB>,
{
    match filter {
        BookingFilter::Number(number) => query.bind(*number),
        BookingFilter::Customer(id) => query.bind(id.0),
        BookingFilter::Day(outlet, day) => query.bind(outlet.0).bind(*day),
    }
}

#[async_trait::async_trait]
impl<DB> Bookings for Store<DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'r> &'r str: ColumnIndex<DB::Row>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
    for<'q> Vec<u8>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
{
    async fn occupancy(
        &self,
        outlet: OutletId,
        from: NaiveDate,
        to: NaiveDate,
        except: Option<BookingId>,
    ) -> DbResult<Vec<Occupancy>> {
        let mut conn = self.pool.acquire().await?;
        Self::occupancy_in(&mut conn, outlet, from, to, except).await
    }

    async fn book(
        &self,
        new: &NewBooking,
        capacity: &OutletCapacity,
        audit: &AuditEntry,
    ) -> DbResult<SlotOutcome<BookingId>> {
        let mut tx = DB::begin_booking(&self.pool, new.outlet_id, new.car_id).await?;
        if let Some(refused) = Self::check_slot(
            &mut tx,
            new.outlet_id,
            new.car_id,
            &new.slot,
            new.skills,
            None,
            capacity,
        )
        .await?
        {
            return Ok(refused.outcome());
        }
        if let Some(limits) = &new.fair_use {
            if let Err(over) =
                Self::fair_use(&mut tx, new.outlet_id, limits, &new.slot, None).await?
            {
                return Ok(SlotOutcome::OverFairUse(over));
            }
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO bookings (number, outlet_id, customer_id, car_id, local_date, start_minute, end_minute, \
             starts_at, skills, urgent, symptoms, description, status, channel, created_by_staff_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
        )
        .bind(new.number.as_str())
        .bind(new.outlet_id.0)
        .bind(new.customer_id.0)
        .bind(new.car_id.0)
        .bind(new.slot.date)
        .bind(to_i32(new.slot.start))
        .bind(to_i32(new.slot.end))
        .bind(new.slot.starts_at)
        .bind(new.skills.to_db())
        .bind(new.urgent)
        .bind(SafetySymptom::list_to_db(&new.symptoms))
        .bind(new.description.as_str())
        .bind(BookingStatus::Booked.as_str())
        .bind(new.channel.as_str())
        .bind(new.created_by.map(|s| s.0))
        .bind(new.at)
        .fetch_one(&mut *tx)
        .await?;
        for service in &new.service_ids {
            sqlx::query(
                "INSERT INTO booking_services (booking_id, service_type_id) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(service.0)
            .execute(&mut *tx)
            .await?;
        }
        mark_booking_day::<DB>(&mut tx, BookingId(id)).await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(SlotOutcome::Done(BookingId(id)))
    }

    async fn reschedule(
        &self,
        id: BookingId,
        slot: &Slot,
        capacity: &OutletCapacity,
        fair_use: Option<&FairUse>,
        audit: &AuditEntry,
    ) -> DbResult<SlotOutcome<()>> {
        let place = self.place_of(id).await?;
        let mut tx = DB::begin_booking(&self.pool, place.outlet, place.car).await?;
        if let Some(refused) = Self::check_slot(
            &mut tx,
            place.outlet,
            place.car,
            slot,
            place.skills,
            Some(id),
            capacity,
        )
        .await?
        {
            return Ok(refused.outcome());
        }
        if let Some(limits) = fair_use {
            if let Err(over) = Self::fair_use(&mut tx, place.outlet, limits, slot, Some(id)).await?
            {
                return Ok(SlotOutcome::OverFairUse(over));
            }
        }
        // The day it leaves, as this transaction reads it.
        mark_booking_day::<DB>(&mut tx, id).await?;
        let updated: Option<(i64,)> = sqlx::query_as(
            "UPDATE bookings SET local_date = $1, start_minute = $2, end_minute = $3, starts_at = $4, updated_at = $5 \
             WHERE id = $6 AND status = $7 RETURNING id",
        )
        .bind(slot.date)
        .bind(to_i32(slot.start))
        .bind(to_i32(slot.end))
        .bind(slot.starts_at)
        .bind(audit.at)
        .bind(id.0)
        .bind(BookingStatus::Booked.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        if updated.is_none() {
            return Ok(SlotOutcome::StatusChanged);
        }
        // The day it moves to (the day it leaves is marked above).
        mark_booking_day::<DB>(&mut tx, id).await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(SlotOutcome::Done(()))
    }

    async fn reclaim_capacity(
        &self,
        id: BookingId,
        from: BookingStatus,
        to: BookingStatus,
        capacity: &OutletCapacity,
        audit: &AuditEntry,
    ) -> DbResult<SlotOutcome<()>> {
        let place = self.place_of(id).await?;
        let mut tx = DB::begin_booking(&self.pool, place.outlet, place.car).await?;
        if let Some(refused) = Self::check_slot(
            &mut tx,
            place.outlet,
            place.car,
            &place.slot,
            place.skills,
            Some(id),
            capacity,
        )
        .await?
        {
            return Ok(refused.outcome());
        }
        let updated: Option<(i64,)> =
            sqlx::query_as("UPDATE bookings SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4 RETURNING id")
                .bind(to.as_str())
                .bind(audit.at)
                .bind(id.0)
                .bind(from.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        if updated.is_none() {
            return Ok(SlotOutcome::StatusChanged);
        }
        mark_booking_day::<DB>(&mut tx, id).await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(SlotOutcome::Done(()))
    }

    async fn set_booking_status(
        &self,
        id: BookingId,
        from: BookingStatus,
        to: BookingStatus,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> DbResult<Stepped> {
        let mut tx = self.pool.begin().await?;
        let updated: Option<(i64,)> =
            sqlx::query_as("UPDATE bookings SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4 RETURNING id")
                .bind(to.as_str())
                .bind(at)
                .bind(id.0)
                .bind(from.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        if updated.is_none() {
            return Ok(Stepped::ChangedMeanwhile);
        }
        mark_booking_day::<DB>(&mut tx, id).await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(Stepped::Done)
    }

    async fn booking_by_number(&self, number: &BookingNumber) -> DbResult<Option<BookingRecord>> {
        Ok(self
            .bookings(BookingFilter::Number(number.as_str()))
            .await?
            .pop())
    }

    async fn bookings_of_customer(&self, customer: CustomerId) -> DbResult<Vec<BookingRecord>> {
        self.bookings(BookingFilter::Customer(customer)).await
    }

    async fn bookings_on_day(
        &self,
        outlet: OutletId,
        day: NaiveDate,
    ) -> DbResult<Vec<BookingRecord>> {
        self.bookings(BookingFilter::Day(outlet, day)).await
    }
}

impl<DB> Store<DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'r> &'r str: ColumnIndex<DB::Row>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
{
    async fn occupancy_in(
        conn: &mut DB::Connection,
        outlet: OutletId,
        from: NaiveDate,
        to: NaiveDate,
        except: Option<BookingId>,
    ) -> DbResult<Vec<Occupancy>> {
        let rows: Vec<OccupancyRow> = sqlx::query_as(&format!(
            "SELECT local_date, start_minute, end_minute, skills FROM bookings \
             WHERE outlet_id = $1 AND local_date >= $2 AND local_date <= $3 AND id <> $4 AND status IN ({})",
            holding_statuses()
        ))
        .bind(outlet.0)
        .bind(from)
        .bind(to)
        .bind(except.map_or(-1, |b| b.0))
        .fetch_all(conn)
        .await?;
        rows.into_iter().map(Occupancy::try_from).collect()
    }

    /// Where a booking is and what it needs: what a change to it must lock and check.
    async fn place_of(&self, id: BookingId) -> DbResult<Place> {
        let (outlet, car, skills, date, start, end, starts_at): (i64, i64, String, NaiveDate, i32, i32, DateTime<Utc>) =
            sqlx::query_as(
                "SELECT outlet_id, car_id, skills, local_date, start_minute, end_minute, starts_at FROM bookings WHERE id = $1",
            )
            .bind(id.0)
            .fetch_one(&self.pool)
            .await?;
        Ok(Place {
            outlet: OutletId(outlet),
            car: CarId(car),
            skills: SkillSet::from_db(&skills).map_err(corrupt)?,
            slot: Slot {
                date,
                start: start as u32,
                end: end as u32,
                starts_at,
            },
        })
    }

    /// Inside a booking transaction: the customer's coming bookings at the outlet (not yet
    /// received into an order; `except` the one being moved) against the fair-use numbers.
    async fn fair_use(
        conn: &mut DB::Connection,
        outlet: OutletId,
        limits: &FairUse,
        slot: &Slot,
        except: Option<BookingId>,
    ) -> DbResult<Result<(), crate::domain::Conflict>> {
        let held: Vec<(NaiveDate, i32, i32)> = sqlx::query_as(&format!(
            "SELECT b.local_date, b.start_minute, b.end_minute FROM bookings b \
             WHERE b.customer_id = $1 AND b.outlet_id = $2 AND b.local_date >= $3 AND b.id <> $4 \
             AND b.status IN ({}) \
             AND NOT EXISTS (SELECT 1 FROM work_orders w WHERE w.booking_id = b.id)",
            holding_statuses()
        ))
        .bind(limits.customer.0)
        .bind(outlet.0)
        .bind(limits.today)
        .bind(except.map_or(0, |b| b.0))
        .fetch_all(&mut *conn)
        .await?;
        let coming: Vec<HeldWindow> = held
            .into_iter()
            .map(|(date, start, end)| (date, start.max(0) as u32, end.max(0) as u32))
            .collect();
        Ok(fair_use(
            &limits.policy,
            &coming,
            (slot.date, slot.start, slot.end),
        ))
    }

    /// Inside a booking transaction: refuses the slot if the car is busy or the window is full.
    async fn check_slot(
        conn: &mut DB::Connection,
        outlet: OutletId,
        car: CarId,
        slot: &Slot,
        skills: SkillSet,
        except: Option<BookingId>,
        capacity: &OutletCapacity,
    ) -> DbResult<Option<Refusal>> {
        let (overlapping,): (i64,) = sqlx::query_as(&format!(
            "SELECT COUNT(*) FROM bookings WHERE car_id = $1 AND local_date = $2 AND start_minute < $3 \
             AND end_minute > $4 AND id <> $5 AND status IN ({})",
            holding_statuses()
        ))
        .bind(car.0)
        .bind(slot.date)
        .bind(to_i32(slot.end))
        .bind(to_i32(slot.start))
        .bind(except.map_or(-1, |b| b.0))
        .fetch_one(&mut *conn)
        .await?;
        if overlapping > 0 {
            return Ok(Some(Refusal::CarBusy));
        }
        // `capacity` was read before this transaction took the outlet's lock: a closure added
        // meanwhile (`add_closure` takes the same lock) is seen here, not there.
        let (closed,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM outlet_closures WHERE outlet_id = $1 AND first_day <= $2 AND last_day >= $2",
        )
        .bind(outlet.0)
        .bind(slot.date)
        .fetch_one(&mut *conn)
        .await?;
        if closed > 0 {
            return Ok(Some(Refusal::WindowFull));
        }
        let day = Self::occupancy_in(conn, outlet, slot.date, slot.date, except).await?;
        let need = Need {
            duration_minutes: slot.end - slot.start,
            skills,
        };
        if capacity.remaining(slot.start, slot.end, need, &day) == 0 {
            return Ok(Some(Refusal::WindowFull));
        }
        Ok(None)
    }

    /// A listing of bookings with their customer, car and services, in time order.
    async fn bookings(&self, filter: BookingFilter<'_>) -> DbResult<Vec<BookingRecord>> {
        let condition = filter.condition();
        let rows: Vec<BookingRow> = bind_filter(
            sqlx::query_as(&format!(
                "SELECT b.id, b.number, b.outlet_id, b.customer_id, b.car_id, b.local_date, b.start_minute, \
                 b.end_minute, b.starts_at, b.skills, b.urgent, b.symptoms, b.description, b.status, b.channel, \
                 c.name AS customer_name, c.phone AS customer_phone, car.plate, car.model AS car_model, \
                 wo.number AS order_number, wo.status AS order_status \
                 FROM bookings b JOIN customers c ON c.id = b.customer_id JOIN cars car ON car.id = b.car_id \
                 LEFT JOIN work_orders wo ON wo.booking_id = b.id \
                 WHERE {condition} ORDER BY b.starts_at, b.id"
            )),
            &filter,
        )
        .fetch_all(&self.pool)
        .await?;
        let services: Vec<(i64, i64)> = bind_filter(
            sqlx::query_as(&format!(
                "SELECT bs.booking_id, bs.service_type_id FROM booking_services bs \
                 JOIN bookings b ON b.id = bs.booking_id WHERE {condition} ORDER BY bs.service_type_id"
            )),
            &filter,
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                let ids = services
                    .iter()
                    .filter(|(booking, _)| *booking == row.id)
                    .map(|(_, service)| ServiceTypeId(*service))
                    .collect();
                row.into_record(ids)
            })
            .collect()
    }
}

/// A stored booking's outlet, car, needs and current slot.
struct Place {
    outlet: OutletId,
    car: CarId,
    skills: SkillSet,
    slot: Slot,
}

/// Why a slot was refused inside the booking transaction.
enum Refusal {
    WindowFull,
    CarBusy,
}

impl Refusal {
    fn outcome<T>(self) -> SlotOutcome<T> {
        match self {
            Self::WindowFull => SlotOutcome::WindowFull,
            Self::CarBusy => SlotOutcome::CarBusy,
        }
    }
}
