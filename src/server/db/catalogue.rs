//! The catalogue and the set-up half of the repository: dealer groups, outlets (with their
//! opening hours, bays and technicians), service types with their standard work, and the link
//! from a technician to their staff account. Written once over both databases like `store.rs`.

use super::store::{corrupt, to_i32, Backend, Store};
use super::*;
use crate::domain::catalog::{BookingPolicy, Localized, Skill, SkillSet};
use crate::domain::estimate::Money;
use crate::domain::standard_work::StandardPart;
use sqlx::{ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Type};

#[derive(FromRow)]
struct OutletRow {
    id: i64,
    group_id: i64,
    code: String,
    name_zh: String,
    name_en: String,
    address_zh: String,
    address_en: String,
    phone: String,
    time_zone: String,
    slot_minutes: i32,
    cutoff_hours: i32,
    horizon_days: i32,
    min_notice_minutes: i32,
    max_active_bookings: i32,
    max_bookings_per_window: i32,
    max_complaints_per_day: i32,
}

impl From<OutletRow> for Outlet {
    fn from(r: OutletRow) -> Self {
        Outlet {
            id: OutletId(r.id),
            group: GroupId(r.group_id),
            code: r.code,
            name: Localized {
                zh: r.name_zh,
                en: r.name_en,
            },
            address: Localized {
                zh: r.address_zh,
                en: r.address_en,
            },
            phone: r.phone,
            time_zone: r.time_zone,
            policy: BookingPolicy {
                slot_minutes: r.slot_minutes as u32,
                cutoff_hours: r.cutoff_hours as u32,
                horizon_days: r.horizon_days as u32,
                min_notice_minutes: r.min_notice_minutes as u32,
                max_active_bookings: r.max_active_bookings.max(1) as u32,
                max_bookings_per_window: r.max_bookings_per_window.max(1) as u32,
                max_complaints_per_day: r.max_complaints_per_day.max(1) as u32,
            },
        }
    }
}

const OUTLET_COLUMNS: &str =
    "id, group_id, code, name_zh, name_en, address_zh, address_en, phone, time_zone, \
     slot_minutes, cutoff_hours, horizon_days, min_notice_minutes, max_active_bookings, \
     max_bookings_per_window, max_complaints_per_day";

#[derive(FromRow)]
struct ServiceTypeRow {
    id: i64,
    code: String,
    name_zh: String,
    name_en: String,
    duration_minutes: i32,
    skill: String,
}

impl TryFrom<ServiceTypeRow> for ServiceType {
    type Error = DbError;
    fn try_from(r: ServiceTypeRow) -> Result<Self, Self::Error> {
        Ok(ServiceType {
            id: ServiceTypeId(r.id),
            code: r.code,
            name: Localized {
                zh: r.name_zh,
                en: r.name_en,
            },
            duration_minutes: r.duration_minutes as u32,
            skill: r.skill.parse::<Skill>().map_err(corrupt)?,
        })
    }
}

#[async_trait::async_trait]
impl<DB> Catalogue for Store<DB>
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
    async fn create_group(&self, name: &str, audit: &AuditEntry) -> DbResult<GroupId> {
        let mut tx = self.pool.begin().await?;
        let (id,): (i64,) =
            sqlx::query_as("INSERT INTO dealer_groups (name) VALUES ($1) RETURNING id")
                .bind(name)
                .fetch_one(&mut *tx)
                .await?;
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(GroupId(id))
    }

    async fn create_outlet(&self, new: &NewOutlet, audit: &AuditEntry) -> DbResult<OutletId> {
        let mut tx = self.pool.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO outlets (group_id, code, name_zh, name_en, address_zh, address_en, phone, time_zone, \
             slot_minutes, cutoff_hours, horizon_days, min_notice_minutes, max_active_bookings, \
             max_bookings_per_window, max_complaints_per_day) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
        )
        .bind(new.group_id.0)
        .bind(new.code.as_str())
        .bind(new.name.zh.as_str())
        .bind(new.name.en.as_str())
        .bind(new.address.zh.as_str())
        .bind(new.address.en.as_str())
        .bind(new.phone.as_str())
        .bind(new.time_zone.as_str())
        .bind(to_i32(new.policy.slot_minutes))
        .bind(to_i32(new.policy.cutoff_hours))
        .bind(to_i32(new.policy.horizon_days))
        .bind(to_i32(new.policy.min_notice_minutes))
        .bind(to_i32(new.policy.max_active_bookings))
        .bind(to_i32(new.policy.max_bookings_per_window))
        .bind(to_i32(new.policy.max_complaints_per_day))
        .fetch_one(&mut *tx)
        .await?;
        for (weekday, hours) in new.hours.iter().enumerate() {
            if let Some((opens, closes)) = hours {
                sqlx::query("INSERT INTO opening_hours (outlet_id, weekday, opens_minute, closes_minute) VALUES ($1, $2, $3, $4)")
                    .bind(id)
                    .bind(weekday as i32)
                    .bind(to_i32(*opens))
                    .bind(to_i32(*closes))
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for bay in &new.bays {
            sqlx::query("INSERT INTO bays (outlet_id, name, active) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(bay.as_str())
                .bind(true)
                .execute(&mut *tx)
                .await?;
        }
        for (name, skills) in &new.technicians {
            sqlx::query(
                "INSERT INTO technicians (outlet_id, name, skills, active) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(name.as_str())
            .bind(skills.to_db())
            .bind(true)
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(OutletId(id))
    }

    async fn create_service_type(
        &self,
        new: &NewServiceType,
        audit: &AuditEntry,
    ) -> DbResult<ServiceTypeId> {
        let mut tx = self.pool.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO service_types (code, name_zh, name_en, duration_minutes, skill, sort_order, active, \
             labour_hundredths) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(new.code.as_str())
        .bind(new.name.zh.as_str())
        .bind(new.name.en.as_str())
        .bind(to_i32(new.duration_minutes))
        .bind(new.skill.as_str())
        .bind(new.sort_order)
        .bind(true)
        .bind(to_i32(new.labour_hours))
        .fetch_one(&mut *tx)
        .await?;
        for (position, part) in new.parts.iter().enumerate() {
            sqlx::query(
                "INSERT INTO service_parts (service_type_id, position, part_code, name_zh, name_en, origin, \
                 brand, spec, unit, quantity_hundredths, unit_fen) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(id)
            .bind(position as i32)
            .bind(part.part_code.as_str())
            .bind(part.name.zh.as_str())
            .bind(part.name.en.as_str())
            .bind(part.origin.as_str())
            .bind(part.brand.as_str())
            .bind(part.spec.as_str())
            .bind(part.unit.as_str())
            .bind(to_i32(part.quantity))
            .bind(part.unit_price.0)
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(ServiceTypeId(id))
    }

    async fn link_technician(&self, outlet: OutletId, name: &str, staff: StaffId) -> DbResult<()> {
        sqlx::query("UPDATE technicians SET staff_id = $1 WHERE outlet_id = $2 AND name = $3")
            .bind(staff.0)
            .bind(outlet.0)
            .bind(name)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn outlets(&self) -> DbResult<Vec<Outlet>> {
        let rows: Vec<OutletRow> =
            sqlx::query_as(&format!("SELECT {OUTLET_COLUMNS} FROM outlets ORDER BY id"))
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(Outlet::from).collect())
    }

    async fn outlet(&self, id: OutletId) -> DbResult<Option<Outlet>> {
        let row: Option<OutletRow> = sqlx::query_as(&format!(
            "SELECT {OUTLET_COLUMNS} FROM outlets WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Outlet::from))
    }

    async fn outlet_capacity(&self, id: OutletId) -> DbResult<OutletCapacity> {
        let (slot_minutes,): (i32,) =
            sqlx::query_as("SELECT slot_minutes FROM outlets WHERE id = $1")
                .bind(id.0)
                .fetch_one(&self.pool)
                .await?;
        let hours_rows: Vec<(i32, i32, i32)> = sqlx::query_as(
            "SELECT weekday, opens_minute, closes_minute FROM opening_hours WHERE outlet_id = $1",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        let (bays,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM bays WHERE outlet_id = $1 AND active = $2")
                .bind(id.0)
                .bind(true)
                .fetch_one(&self.pool)
                .await?;
        let skills: Vec<(String,)> =
            sqlx::query_as("SELECT skills FROM technicians WHERE outlet_id = $1 AND active = $2")
                .bind(id.0)
                .bind(true)
                .fetch_all(&self.pool)
                .await?;
        let mut hours = [None; 7];
        for (weekday, opens, closes) in hours_rows {
            if let Some(day) = hours.get_mut(weekday as usize) {
                *day = Some((opens as u32, closes as u32));
            }
        }
        Ok(OutletCapacity {
            slot_minutes: slot_minutes as u32,
            hours,
            bays: bays as u32,
            technicians: skills
                .iter()
                .map(|(s,)| SkillSet::from_db(s).map_err(corrupt))
                .collect::<DbResult<_>>()?,
        })
    }

    async fn service_types(&self) -> DbResult<Vec<ServiceType>> {
        let rows: Vec<ServiceTypeRow> = sqlx::query_as(
            "SELECT id, code, name_zh, name_en, duration_minutes, skill FROM service_types \
             WHERE active = $1 ORDER BY sort_order, id",
        )
        .bind(true)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ServiceType::try_from).collect()
    }

    async fn standard_work(&self) -> DbResult<Vec<StandardWork>> {
        type PartRow = (
            i64,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            i32,
            i64,
        );
        let services: Vec<(i64, String, String, i32)> = sqlx::query_as(
            "SELECT id, name_zh, name_en, labour_hundredths FROM service_types \
             WHERE active = $1 ORDER BY sort_order, id",
        )
        .bind(true)
        .fetch_all(&self.pool)
        .await?;
        let parts: Vec<PartRow> = sqlx::query_as(
            "SELECT service_type_id, part_code, name_zh, name_en, origin, brand, spec, unit, \
             quantity_hundredths, unit_fen FROM service_parts ORDER BY service_type_id, position",
        )
        .fetch_all(&self.pool)
        .await?;
        services
            .into_iter()
            .map(|(id, zh, en, hours)| {
                let parts = parts
                    .iter()
                    .filter(|p| p.0 == id)
                    .map(|p| {
                        Ok(StandardPart {
                            part_code: p.1.clone(),
                            name: Localized {
                                zh: p.2.clone(),
                                en: p.3.clone(),
                            },
                            origin: p.4.parse().map_err(corrupt)?,
                            brand: p.5.clone(),
                            spec: p.6.clone(),
                            unit: p.7.clone(),
                            quantity: p.8 as u32,
                            unit_price: Money(p.9),
                        })
                    })
                    .collect::<DbResult<_>>()?;
                Ok(StandardWork {
                    service: ServiceTypeId(id),
                    name: Localized { zh, en },
                    labour_hours: hours as u32,
                    parts,
                })
            })
            .collect()
    }
}
