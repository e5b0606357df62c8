//! The organisation half of the repository: regions, staff accounts (placement, roles,
//! password state), the outlet a regional or headquarters person works in, and certificates.
//! Written once over both databases like `store.rs`.

use super::store::{corrupt, Backend, Store};
use super::*;
use crate::domain::account::StaffRole;
use crate::domain::catalog::{Localized, Skill, SkillSet};
use crate::domain::organisation::{
    Assessment, Certificate, Criterion, NewCertificate, Placement, RegionRow, Roles, Training,
};
use sqlx::{ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Type};

/// A staff row with its working outlet worked out and its roles as a bit set: one query for
/// the account behind every request. The working outlet is the person's own outlet, else the
/// one they chose if they still reach it, else the first outlet they reach.
pub(super) fn staff_select() -> String {
    let bits: String = StaffRole::ALL
        .iter()
        .enumerate()
        .map(|(i, r)| format!(" WHEN '{}' THEN {}", r.as_str(), 1 << i))
        .collect();
    format!(
        "SELECT s.id, s.group_id, s.region_id, s.outlet_id, \
         COALESCE(s.outlet_id, \
           (SELECT o.id FROM outlets o WHERE o.id = s.working_outlet_id AND o.group_id = s.group_id \
              AND (s.region_id IS NULL OR o.region_id = s.region_id)), \
           (SELECT MIN(o.id) FROM outlets o WHERE o.group_id = s.group_id \
              AND (s.region_id IS NULL OR o.region_id = s.region_id))) AS working_outlet_id, \
         s.username, s.display_name, s.password_hash, s.must_change_password, s.active, \
         s.experience_since, \
         (SELECT COALESCE(SUM(CASE r.role{bits} ELSE 0 END), 0) FROM staff_roles r \
            WHERE r.staff_id = s.id) AS role_bits \
         FROM staff s"
    )
}

#[derive(FromRow)]
pub(super) struct StaffRow {
    id: i64,
    group_id: i64,
    region_id: Option<i64>,
    outlet_id: Option<i64>,
    working_outlet_id: Option<i64>,
    username: String,
    display_name: String,
    password_hash: String,
    must_change_password: bool,
    active: bool,
    experience_since: Option<NaiveDate>,
    role_bits: i64,
}

impl TryFrom<StaffRow> for StaffRecord {
    type Error = DbError;
    fn try_from(r: StaffRow) -> Result<Self, Self::Error> {
        let placement = match (r.outlet_id, r.region_id) {
            (Some(outlet), _) => Placement::Outlet(OutletId(outlet)),
            (None, Some(region)) => Placement::Region(RegionId(region)),
            (None, None) => Placement::Group,
        };
        let roles: Vec<StaffRole> = StaffRole::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| r.role_bits & (1 << i) != 0)
            .map(|(_, role)| role)
            .collect();
        if roles.is_empty() {
            return Err(corrupt(format!("staff {} without a role", r.id)));
        }
        Ok(StaffRecord {
            id: StaffId(r.id),
            group_id: GroupId(r.group_id),
            placement,
            working_outlet: r.working_outlet_id.map(OutletId),
            username: r.username,
            display_name: r.display_name,
            roles: Roles::stored(roles),
            password_hash: r.password_hash,
            must_change_password: r.must_change_password,
            active: r.active,
            experience_since: r.experience_since,
        })
    }
}

/// The placement's two columns.
fn placement_columns(placement: Placement) -> (Option<i64>, Option<i64>) {
    match placement {
        Placement::Group => (None, None),
        Placement::Region(region) => (Some(region.0), None),
        Placement::Outlet(outlet) => (None, Some(outlet.0)),
    }
}

/// A person as their dispatch row sees them.
struct Seat<'a> {
    staff: StaffId,
    placement: Placement,
    roles: &'a Roles,
    active: bool,
    name: &'a str,
    skills: SkillSet,
    /// An existing row (no account yet) that becomes theirs, by id.
    adopt: Option<TechnicianId>,
}

/// The person's row on the dispatch board follows their account: a technician placed at an
/// outlet has an active row there; anyone else's row is retired. Rows are never deleted:
/// orders keep the name. (Never linked by name: two people may share one.)
async fn sync_technician<DB>(conn: &mut DB::Connection, seat: Seat<'_>) -> DbResult<()>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
{
    let Seat {
        staff,
        placement,
        roles,
        active,
        name,
        skills,
        adopt,
    } = seat;
    let outlet = match placement {
        Placement::Outlet(outlet) if active && roles.has(StaffRole::Technician) => outlet,
        _ => {
            sqlx::query("UPDATE technicians SET active = $1 WHERE staff_id = $2")
                .bind(false)
                .bind(staff.0)
                .execute(&mut *conn)
                .await?;
            return Ok(());
        }
    };
    let own: Option<(i64,)> = sqlx::query_as(
        "UPDATE technicians SET outlet_id = $1, name = $2, skills = $3, active = $4 \
         WHERE staff_id = $5 RETURNING id",
    )
    .bind(outlet.0)
    .bind(name)
    .bind(skills.to_db())
    .bind(true)
    .bind(staff.0)
    .fetch_optional(&mut *conn)
    .await?;
    let adopted: Option<(i64,)> = match (own, adopt) {
        (None, Some(row)) => {
            sqlx::query_as(
                "UPDATE technicians SET staff_id = $1, name = $2, skills = $3, active = $4 \
                 WHERE id = $5 AND outlet_id = $6 AND staff_id IS NULL RETURNING id",
            )
            .bind(staff.0)
            .bind(name)
            .bind(skills.to_db())
            .bind(true)
            .bind(row.0)
            .bind(outlet.0)
            .fetch_optional(&mut *conn)
            .await?
        }
        (own, _) => own,
    };
    if adopted.is_none() {
        sqlx::query(
            "INSERT INTO technicians (outlet_id, staff_id, name, skills, active) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(outlet.0)
        .bind(staff.0)
        .bind(name)
        .bind(skills.to_db())
        .bind(true)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn write_roles<DB>(conn: &mut DB::Connection, staff: StaffId, roles: &Roles) -> DbResult<()>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
{
    sqlx::query("DELETE FROM staff_roles WHERE staff_id = $1")
        .bind(staff.0)
        .execute(&mut *conn)
        .await?;
    for role in roles.iter() {
        sqlx::query("INSERT INTO staff_roles (staff_id, role) VALUES ($1, $2)")
            .bind(staff.0)
            .bind(role.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl<DB> Organisation for Store<DB>
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
    for<'q> Option<i64>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
{
    async fn staff_of_group(&self, group: GroupId) -> DbResult<Vec<StaffRecord>> {
        let rows: Vec<StaffRow> = sqlx::query_as(&format!(
            "{} WHERE s.group_id = $1 ORDER BY s.active DESC, s.id",
            staff_select()
        ))
        .bind(group.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StaffRecord::try_from).collect()
    }

    async fn create_staff(&self, new: &NewStaff, audit: &AuditEntry) -> DbResult<Created<StaffId>> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let (region, outlet) = placement_columns(new.placement);
        let id: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO staff (group_id, region_id, outlet_id, username, display_name, password_hash, \
             must_change_password, active, experience_since, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (username) DO NOTHING RETURNING id",
        )
        .bind(new.group_id.0)
        .bind(region)
        .bind(outlet)
        .bind(new.username.as_str())
        .bind(new.display_name.as_str())
        .bind(new.password_hash.as_str())
        .bind(new.must_change_password)
        .bind(true)
        .bind(new.experience_since)
        .bind(new.at)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id,)) = id else {
            return Ok(Created::AlreadyExists);
        };
        let id = StaffId(id);
        write_roles::<DB>(&mut tx, id, &new.roles).await?;
        sync_technician::<DB>(
            &mut tx,
            Seat {
                staff: id,
                placement: new.placement,
                roles: &new.roles,
                active: true,
                name: &new.display_name,
                skills: new.skills,
                adopt: new.adopt_technician,
            },
        )
        .await?;
        Self::insert_audit(&mut tx, audit, Some(id.0.to_string())).await?;
        tx.commit().await?;
        Ok(Created::Created(id))
    }

    async fn change_staff(&self, change: &StaffChange, audit: &AuditEntry) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let (region, outlet) = placement_columns(change.placement);
        let (active,): (bool,) = sqlx::query_as(
            "UPDATE staff SET region_id = $1, outlet_id = $2, display_name = $3, experience_since = $4 \
             WHERE id = $5 RETURNING active",
        )
        .bind(region)
        .bind(outlet)
        .bind(change.display_name.as_str())
        .bind(change.experience_since)
        .bind(change.id.0)
        .fetch_one(&mut *tx)
        .await?;
        write_roles::<DB>(&mut tx, change.id, &change.roles).await?;
        sync_technician::<DB>(
            &mut tx,
            Seat {
                staff: change.id,
                placement: change.placement,
                roles: &change.roles,
                active,
                name: &change.display_name,
                skills: change.skills,
                adopt: None,
            },
        )
        .await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_staff_active(
        &self,
        person: &StaffRecord,
        active: bool,
        skills: SkillSet,
        audit: &AuditEntry,
    ) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        sqlx::query("UPDATE staff SET active = $1 WHERE id = $2")
            .bind(active)
            .bind(person.id.0)
            .execute(&mut *tx)
            .await?;
        sync_technician::<DB>(
            &mut tx,
            Seat {
                staff: person.id,
                placement: person.placement,
                roles: &person.roles,
                active,
                name: &person.display_name,
                skills,
                adopt: None,
            },
        )
        .await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_staff_password(
        &self,
        id: StaffId,
        password_hash: &str,
        must_change: bool,
        audit: &AuditEntry,
    ) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        sqlx::query("UPDATE staff SET password_hash = $1, must_change_password = $2 WHERE id = $3")
            .bind(password_hash)
            .bind(must_change)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_working_outlet(&self, id: StaffId, outlet: OutletId) -> DbResult<()> {
        sqlx::query("UPDATE staff SET working_outlet_id = $1 WHERE id = $2")
            .bind(outlet.0)
            .bind(id.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn technician_skills(&self, group: GroupId) -> DbResult<Vec<(StaffId, SkillSet)>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT t.staff_id, t.skills FROM technicians t JOIN staff s ON s.id = t.staff_id \
             WHERE s.group_id = $1 ORDER BY t.active, t.id",
        )
        .bind(group.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, skills)| Ok((StaffId(id), SkillSet::from_db(&skills).map_err(corrupt)?)))
            .collect()
    }

    async fn regions(&self, group: GroupId) -> DbResult<Vec<RegionRow>> {
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT id, code, name_zh, name_en FROM regions WHERE group_id = $1 ORDER BY code",
        )
        .bind(group.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, code, zh, en)| RegionRow {
                id: RegionId(id),
                code,
                name: Localized { zh, en },
            })
            .collect())
    }

    async fn create_region(
        &self,
        group: GroupId,
        code: &str,
        name: &Localized,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> DbResult<Created<RegionId>> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let id: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO regions (group_id, code, name_zh, name_en, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING RETURNING id",
        )
        .bind(group.0)
        .bind(code)
        .bind(name.zh.as_str())
        .bind(name.en.as_str())
        .bind(at)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id,)) = id else {
            return Ok(Created::AlreadyExists);
        };
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(Created::Created(RegionId(id)))
    }

    async fn set_outlet_region(
        &self,
        outlet: OutletId,
        region: Option<RegionId>,
        audit: &AuditEntry,
    ) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        sqlx::query("UPDATE outlets SET region_id = $1 WHERE id = $2")
            .bind(region.map(|r| r.0))
            .bind(outlet.0)
            .execute(&mut *tx)
            .await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn certificates(&self, group: GroupId) -> DbResult<Vec<(StaffId, Certificate)>> {
        let rows: Vec<(i64, i64, String, String, String, NaiveDate, NaiveDate)> = sqlx::query_as(
            "SELECT c.id, c.staff_id, c.skill, c.issuer, c.number, c.valid_from, c.valid_until \
             FROM staff_certificates c JOIN staff s ON s.id = c.staff_id \
             WHERE s.group_id = $1 ORDER BY c.valid_until, c.id",
        )
        .bind(group.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(
                |(id, staff, skill, issuer, number, valid_from, valid_until)| {
                    Ok((
                        StaffId(staff),
                        Certificate {
                            id,
                            skill: skill.parse::<Skill>().map_err(corrupt)?,
                            issuer,
                            number,
                            valid_from,
                            valid_until,
                        },
                    ))
                },
            )
            .collect()
    }

    async fn add_certificate(
        &self,
        staff: StaffId,
        new: &NewCertificate,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> DbResult<i64> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO staff_certificates (staff_id, skill, issuer, number, valid_from, valid_until, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(staff.0)
        .bind(new.skill.as_str())
        .bind(new.issuer.as_str())
        .bind(new.number.as_str())
        .bind(new.valid_from)
        .bind(new.valid_until)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn remove_certificate(
        &self,
        staff: StaffId,
        id: i64,
        audit: &AuditEntry,
    ) -> DbResult<bool> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let gone: Option<(i64,)> = sqlx::query_as(
            "DELETE FROM staff_certificates WHERE id = $1 AND staff_id = $2 RETURNING id",
        )
        .bind(id)
        .bind(staff.0)
        .fetch_optional(&mut *tx)
        .await?;
        if gone.is_none() {
            return Ok(false);
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn trainings(&self, group: GroupId) -> DbResult<Vec<(StaffId, Training)>> {
        let rows: Vec<(i64, i64, String, String, NaiveDate, i32, Option<i32>)> = sqlx::query_as(
            "SELECT t.id, t.staff_id, t.course, t.provider, t.finished_on, t.hours_tenths, t.score \
             FROM staff_trainings t JOIN staff s ON s.id = t.staff_id \
             WHERE s.group_id = $1 ORDER BY t.finished_on DESC, t.id DESC",
        )
        .bind(group.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, staff, course, provider, finished_on, hours, score)| {
                (
                    StaffId(staff),
                    Training {
                        id,
                        course,
                        provider,
                        finished_on,
                        hours_tenths: hours.max(0) as u32,
                        score: score.map(|s| s.max(0) as u32),
                    },
                )
            })
            .collect())
    }

    async fn add_training(
        &self,
        staff: StaffId,
        training: &Training,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO staff_trainings (staff_id, course, provider, finished_on, hours_tenths, score, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(staff.0)
        .bind(training.course.as_str())
        .bind(training.provider.as_str())
        .bind(training.finished_on)
        .bind(training.hours_tenths as i32)
        .bind(training.score.map(|s| s as i32))
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn assessments(&self, group: GroupId) -> DbResult<Vec<(StaffId, Assessment)>> {
        let rows: Vec<(i64, i64, String, String, String, String)> = sqlx::query_as(
            "SELECT a.id, a.staff_id, a.period, a.scores, a.comment, b.display_name \
             FROM staff_assessments a JOIN staff s ON s.id = a.staff_id \
             JOIN staff b ON b.id = a.assessed_by_staff_id \
             WHERE s.group_id = $1 ORDER BY a.period DESC, a.id DESC",
        )
        .bind(group.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, staff, period, scores, comment, by)| {
                let scores: Vec<(Criterion, u8)> =
                    serde_json::from_str(&scores).map_err(|e| corrupt(e.to_string()))?;
                Ok((
                    StaffId(staff),
                    Assessment {
                        id,
                        period,
                        scores,
                        comment,
                        by,
                    },
                ))
            })
            .collect()
    }

    async fn add_assessment(
        &self,
        new: &NewAssessment,
        audit: &AuditEntry,
    ) -> DbResult<Created<i64>> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let scores = serde_json::to_string(&new.scores).map_err(|e| corrupt(e.to_string()))?;
        let id: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO staff_assessments (staff_id, period, scores, comment, assessed_by_staff_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (staff_id, period) DO NOTHING RETURNING id",
        )
        .bind(new.staff.0)
        .bind(new.period.as_str())
        .bind(scores)
        .bind(new.comment.as_str())
        .bind(new.by.0)
        .bind(new.at)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id,)) = id else {
            return Ok(Created::AlreadyExists);
        };
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(Created::Created(id))
    }
}
