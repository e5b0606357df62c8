//! Staff accounts, as the managers run them (the people page): who a manager reaches, new
//! accounts, roles and placement, deactivation, password resets and certificates; and what any
//! member of staff does for themselves (choose their own password, the outlet they work in).
//!
//! Every change goes through `reachable`: a manager touches only people placed where they
//! reach, of less authority than their own (`domain::organisation::may_manage`); anyone else
//! is "not found". New roles are granted up to the manager's own (`may_grant`).

use super::catalog;
use super::outlet_time::local_time;
use crate::domain::account::StaffRole;
use crate::domain::catalog::{Outlet, SkillSet};
use crate::domain::identity::{NewPassword, PersonName, Username};
use crate::domain::ids::{OutletId, RegionId, StaffId};
use crate::domain::organisation::*;
use crate::domain::{AppError, Field, Problem};
use crate::server::access;
use crate::server::auth::{password, AuthSession, SessionUser};
use crate::server::db::{Actor, AuditEntry, Created, NewStaff, StaffChange, StaffRecord};
use crate::server::{AppState, OrInternal};
use chrono::NaiveDate;
use rand::Rng;
use serde_json::json;

/// What the manager's decisions are checked against: the group's outlets and regions.
struct Organisation {
    outlets: Vec<Outlet>,
    regions: Vec<RegionRow>,
}

impl Organisation {
    async fn of(state: &AppState, manager: &StaffRecord) -> Result<Self, AppError> {
        let outlets = catalog::outlets(state)
            .await?
            .into_iter()
            .filter(|o| o.group == manager.group_id)
            .collect();
        let regions = state.repo().regions(manager.group_id).await.or_internal()?;
        Ok(Self { outlets, regions })
    }

    fn region_of(&self, outlet: OutletId) -> Option<RegionId> {
        self.outlets.iter().find(|o| o.id == outlet)?.region
    }

    fn exists(&self, placement: Placement) -> bool {
        match placement {
            Placement::Group => true,
            Placement::Region(id) => self.regions.iter().any(|r| r.id == id),
            Placement::Outlet(id) => self.outlets.iter().any(|o| o.id == id),
        }
    }

    /// Whether the manager may give these roles at this placement.
    fn may_grant(
        &self,
        manager: &StaffRecord,
        roles: &Roles,
        to: Placement,
    ) -> Result<(), Problem> {
        may_grant(&manager.roles, manager.placement, roles, to, |o| {
            self.region_of(o)
        })
    }

    /// Whether the manager may change this person (themselves included, so that what they may
    /// not do to themselves is refused by name).
    fn manages(&self, manager: &StaffRecord, person: &StaffRecord) -> bool {
        person.id == manager.id
            || may_manage(
                &manager.roles,
                manager.placement,
                &person.roles,
                person.placement,
                |o| self.region_of(o),
            )
    }
}

/// Today in the group's calendar (its outlets share one zone; the first outlet's decides).
fn today(state: &AppState, org: &Organisation) -> Result<NaiveDate, AppError> {
    match org.outlets.first() {
        Some(outlet) => Ok(local_time(outlet, state.clock.now())?.date()),
        None => Ok(state.clock.now().date_naive()),
    }
}

/// A person the manager reaches, or "not found".
async fn reachable(
    state: &AppState,
    manager: &StaffRecord,
    org: &Organisation,
    id: StaffId,
) -> Result<StaffRecord, AppError> {
    state
        .repo()
        .staff_by_id(id)
        .await
        .or_internal()?
        .filter(|p| p.group_id == manager.group_id && org.manages(manager, p))
        .ok_or(AppError::NotFound)
}

fn audit(
    state: &AppState,
    manager: &StaffRecord,
    action: &'static str,
    person: StaffId,
) -> AuditEntry {
    AuditEntry::new(
        state.clock.now(),
        Actor::Staff(manager.id),
        action,
        "staff",
        person.0.to_string(),
    )
}

/// The people page: everyone the manager reaches, where they may place people and what they
/// may grant.
pub async fn page(state: &AppState, manager: &StaffRecord) -> Result<PeoplePage, AppError> {
    let org = Organisation::of(state, manager).await?;
    let repo = state.repo();
    let today = today(state, &org)?;
    let certificates = repo.certificates(manager.group_id).await.or_internal()?;
    let skills = repo
        .technician_skills(manager.group_id)
        .await
        .or_internal()?;
    let trainings = repo.trainings(manager.group_id).await.or_internal()?;
    let assessments = repo.assessments(manager.group_id).await.or_internal()?;
    let people = repo
        .staff_of_group(manager.group_id)
        .await
        .or_internal()?
        .into_iter()
        .filter(|p| org.manages(manager, p))
        .map(|p| {
            let certificates: Vec<Certificate> = certificates
                .iter()
                .filter(|(owner, _)| *owner == p.id)
                .map(|(_, c)| c.clone())
                .collect();
            // The last row wins: `technician_skills` lists the active row last.
            let skills = skills
                .iter()
                .filter(|(owner, _)| *owner == p.id)
                .map(|(_, s)| *s)
                .next_back()
                .unwrap_or_default();
            let (trained, assessed) = (owned_by(&trainings, p.id), owned_by(&assessments, p.id));
            let mut member = member(&org, p, certificates, skills, today);
            member.trainings = trained;
            member.assessments = assessed;
            member
        })
        .collect();
    let mut places = Vec::new();
    if manager.placement == Placement::Group {
        places.push(Place {
            placement: Placement::Group,
            name: Default::default(),
        });
    }
    for region in &org.regions {
        let placement = Placement::Region(region.id);
        if manager.placement.reaches(placement, |o| org.region_of(o)) {
            places.push(Place {
                placement,
                name: region.name.clone(),
            });
        }
    }
    for outlet in &org.outlets {
        let placement = Placement::Outlet(outlet.id);
        if manager.placement.reaches(placement, |o| org.region_of(o)) {
            places.push(Place {
                placement,
                name: outlet.name.clone(),
            });
        }
    }
    let authority = manager.roles.authority();
    Ok(PeoplePage {
        people,
        places,
        grantable: StaffRole::ALL
            .into_iter()
            .filter(|r| r.authority() <= authority)
            .collect(),
    })
}

fn member(
    org: &Organisation,
    p: StaffRecord,
    certificates: Vec<Certificate>,
    skills: SkillSet,
    today: NaiveDate,
) -> StaffMember {
    let mut warnings = Vec::new();
    if p.active {
        for role in p.roles.iter() {
            let (Some(years), Some(since)) = (years_required(role), p.experience_since) else {
                continue;
            };
            if years_between(since, today) < years {
                warnings.push(StaffWarning::ExperienceBelow { role, years });
            }
        }
        let lapsed = lapsed_skills(&certificates, today);
        warnings.extend(
            lapsed
                .iter()
                .map(|skill| StaffWarning::CertificateExpired { skill }),
        );
        for c in &certificates {
            if let Standing::ExpiresIn { days } = c.standing(today) {
                warnings.push(StaffWarning::CertificateExpiresIn {
                    skill: c.skill,
                    days,
                });
            }
        }
    }
    let place_name = match p.placement {
        Placement::Group => Default::default(),
        Placement::Region(id) => org
            .regions
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.name.clone())
            .unwrap_or_default(),
        Placement::Outlet(id) => org
            .outlets
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.name.clone())
            .unwrap_or_default(),
    };
    StaffMember {
        id: p.id,
        username: p.username,
        name: p.display_name,
        roles: p.roles,
        placement: p.placement,
        place_name,
        active: p.active,
        must_change_password: p.must_change_password,
        experience_since: p.experience_since,
        skills,
        certificates: certificates
            .into_iter()
            .map(|c| {
                let standing = c.standing(today);
                (c, standing)
            })
            .collect(),
        trainings: Vec::new(),
        assessments: Vec::new(),
        warnings,
    }
}

/// The items of a list that belong to this person.
fn owned_by<T: Clone>(list: &[(StaffId, T)], person: StaffId) -> Vec<T> {
    list.iter()
        .filter(|(owner, _)| *owner == person)
        .map(|(_, item)| item.clone())
        .collect()
}

/// A one-time password to hand over: 10 letters and digits without look-alikes.
fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..10)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Creates an account (`form.id` none: answers its one-time password) or changes one.
pub async fn save(
    state: &AppState,
    manager: &StaffRecord,
    form: &StaffForm,
) -> Result<Option<OneTimePassword>, AppError> {
    let org = Organisation::of(state, manager).await?;
    let placement = form
        .placement
        .filter(|p| org.exists(*p))
        .ok_or(AppError::invalid(Field::Placement, Problem::Required))?;
    let roles = Roles::parse(&form.roles, placement.level())
        .map_err(|p| AppError::invalid(Field::Roles, p))?;
    org.may_grant(manager, &roles, placement)
        .map_err(|p| match p {
            Problem::OutsideYourScope => AppError::invalid(Field::Placement, p),
            _ => AppError::invalid(Field::Roles, p),
        })?;
    let name = PersonName::parse(&form.name).map_err(|p| AppError::invalid(Field::Name, p))?;
    let today = today(state, &org)?;
    let experience_since = match form.experience_since.trim() {
        "" => None,
        typed => {
            let day = parse_day(typed).map_err(|p| AppError::invalid(Field::ExperienceSince, p))?;
            if day > today {
                return Err(AppError::invalid(
                    Field::ExperienceSince,
                    Problem::OutOfRange,
                ));
            }
            Some(day)
        }
    };
    if roles.has(StaffRole::Technician) && form.skills.is_empty() {
        return Err(AppError::invalid(Field::Skill, Problem::Required));
    }
    let skills = if roles.has(StaffRole::Technician) {
        form.skills
    } else {
        SkillSet::default()
    };
    let detail = json!({
        "roles": roles.iter().map(StaffRole::as_str).collect::<Vec<_>>(),
        "placement": placement,
        "skills": skills.to_db(),
    });
    let repo = state.repo();
    match form.id {
        Some(id) => {
            let person = reachable(state, manager, &org, id).await?;
            if person.id == manager.id && (person.roles != roles || person.placement != placement) {
                return Err(AppError::invalid(Field::Roles, Problem::NotYourself));
            }
            // Their open jobs stay at their outlet: they move once those are handed over.
            let leaves_the_bench =
                person.placement != placement || !roles.has(StaffRole::Technician);
            if let (true, Placement::Outlet(outlet)) = (leaves_the_bench, person.placement) {
                let open = repo
                    .work_orders(crate::server::db::OrderFilter::OpenAt(outlet))
                    .await
                    .or_internal()?;
                if open
                    .iter()
                    .any(|o| o.technician_staff_id == Some(person.id))
                {
                    return Err(AppError::invalid(Field::Placement, Problem::HasOpenJobs));
                }
            }
            let change = StaffChange {
                id,
                placement,
                display_name: name.as_str().to_owned(),
                roles,
                experience_since,
                skills,
            };
            let before = json!({
                "roles": person.roles.iter().map(StaffRole::as_str).collect::<Vec<_>>(),
                "placement": person.placement,
            });
            let audit = audit(state, manager, "staff.changed", id)
                .with_detail(json!({ "before": before, "after": detail }));
            repo.change_staff(&change, &audit).await.or_internal()?;
            Ok(None)
        }
        None => {
            let username = Username::parse(&form.username)
                .map_err(|p| AppError::invalid(Field::Username, p))?;
            let password = one_time_password();
            let new = NewStaff {
                group_id: manager.group_id,
                placement,
                username: username.clone(),
                display_name: name.as_str().to_owned(),
                roles,
                password_hash: password::hash(&password).await?,
                must_change_password: true,
                experience_since,
                skills,
                adopt_technician: None,
                at: state.clock.now(),
            };
            let audit = AuditEntry::new(
                state.clock.now(),
                Actor::Staff(manager.id),
                "staff.created",
                "staff",
                "",
            )
            .with_detail(detail);
            match repo.create_staff(&new, &audit).await.or_internal()? {
                Created::Created(_) => Ok(Some(OneTimePassword {
                    username: username.as_str().to_owned(),
                    password,
                })),
                Created::AlreadyExists => {
                    Err(AppError::invalid(Field::Username, Problem::AlreadyTaken))
                }
            }
        }
    }
}

/// Deactivates (the history keeps their name; they can no longer sign in) or reactivates.
pub async fn set_active(
    state: &AppState,
    manager: &StaffRecord,
    id: StaffId,
    active: bool,
) -> Result<(), AppError> {
    let org = Organisation::of(state, manager).await?;
    let person = reachable(state, manager, &org, id).await?;
    if person.id == manager.id {
        return Err(AppError::invalid(Field::StaffMember, Problem::NotYourself));
    }
    let skills = state
        .repo()
        .technician_skills(manager.group_id)
        .await
        .or_internal()?
        .into_iter()
        .filter(|(owner, _)| *owner == id)
        .map(|(_, s)| s)
        .next_back()
        .unwrap_or_default();
    let action = if active {
        "staff.reactivated"
    } else {
        "staff.deactivated"
    };
    state
        .repo()
        .set_staff_active(&person, active, skills, &audit(state, manager, action, id))
        .await
        .or_internal()
}

/// Gives the person a one-time password (they choose their own at next sign-in); any session
/// they have open ends, since it was signed in with the old password.
pub async fn reset_password(
    state: &AppState,
    manager: &StaffRecord,
    id: StaffId,
) -> Result<OneTimePassword, AppError> {
    let org = Organisation::of(state, manager).await?;
    let person = reachable(state, manager, &org, id).await?;
    if person.id == manager.id {
        return Err(AppError::invalid(Field::StaffMember, Problem::NotYourself));
    }
    let password = one_time_password();
    let hash = password::hash(&password).await?;
    state
        .repo()
        .set_staff_password(
            id,
            &hash,
            true,
            &audit(state, manager, "staff.password_reset", id),
        )
        .await
        .or_internal()?;
    Ok(OneTimePassword {
        username: person.username,
        password,
    })
}

/// Records a certificate the person holds.
pub async fn add_certificate(
    state: &AppState,
    manager: &StaffRecord,
    id: StaffId,
    form: &CertificateForm,
) -> Result<(), AppError> {
    let org = Organisation::of(state, manager).await?;
    let person = reachable(state, manager, &org, id).await?;
    let new = form.parse().map_err(|(f, p)| AppError::invalid(f, p))?;
    let audit = audit(state, manager, "staff.certificate_added", person.id).with_detail(json!({
        "skill": new.skill.as_str(),
        "issuer": new.issuer,
        "number": new.number,
        "valid_from": new.valid_from,
        "valid_until": new.valid_until,
    }));
    state
        .repo()
        .add_certificate(person.id, &new, state.clock.now(), &audit)
        .await
        .or_internal()?;
    Ok(())
}

/// Removes a certificate recorded by mistake.
pub async fn remove_certificate(
    state: &AppState,
    manager: &StaffRecord,
    id: StaffId,
    certificate: i64,
) -> Result<(), AppError> {
    let org = Organisation::of(state, manager).await?;
    let person = reachable(state, manager, &org, id).await?;
    let audit = audit(state, manager, "staff.certificate_removed", person.id)
        .with_detail(json!({ "certificate": certificate }));
    match state
        .repo()
        .remove_certificate(person.id, certificate, &audit)
        .await
        .or_internal()?
    {
        true => Ok(()),
        false => Err(AppError::NotFound),
    }
}

/// The signed-in member of staff chooses their own password (required after a manager set
/// one). The current one proves it is them; the session stays signed in.
pub async fn change_own_password(
    state: &AppState,
    auth: &mut AuthSession,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let me = access::signed_in_staff(auth)?.clone();
    if current.is_empty() {
        return Err(AppError::invalid(Field::Password, Problem::Required));
    }
    if !password::verify(current, Some(&me.password_hash)).await? {
        return Err(AppError::invalid(Field::Password, Problem::PasswordWrong));
    }
    let new = NewPassword::parse(new).map_err(|p| AppError::invalid(Field::NewPassword, p))?;
    if new.expose() == current {
        return Err(AppError::invalid(Field::NewPassword, Problem::SameAsBefore));
    }
    let hash = password::hash(new.expose()).await?;
    let audit = AuditEntry::new(
        state.clock.now(),
        Actor::Staff(me.id),
        "staff.password_changed",
        "staff",
        me.id.0.to_string(),
    );
    let repo = state.repo();
    repo.set_staff_password(me.id, &hash, false, &audit)
        .await
        .or_internal()?;
    // The session was signed in with the old password's hash: sign in again with the new.
    let updated = repo
        .staff_by_id(me.id)
        .await
        .or_internal()?
        .ok_or(AppError::Unauthorized)?;
    auth.session.cycle_id().await.or_internal()?;
    auth.login(&SessionUser::Staff(updated)).await.or_internal()
}

/// The outlet a regional or headquarters person works in (the console's switcher).
pub async fn work_at(
    state: &AppState,
    staff: &StaffRecord,
    outlet: OutletId,
) -> Result<(), AppError> {
    if !access::reaches_outlet(state, staff, outlet).await? {
        return Err(AppError::invalid(Field::Outlet, Problem::UnknownChoice));
    }
    state
        .repo()
        .set_working_outlet(staff.id, outlet)
        .await
        .or_internal()
}

/// Records a course the person attended.
pub async fn add_training(
    state: &AppState,
    manager: &StaffRecord,
    id: StaffId,
    form: &TrainingForm,
) -> Result<(), AppError> {
    let org = Organisation::of(state, manager).await?;
    let person = reachable(state, manager, &org, id).await?;
    let training = form
        .parse(today(state, &org)?)
        .map_err(|(f, p)| AppError::invalid(f, p))?;
    let audit = audit(state, manager, "staff.training_added", person.id).with_detail(json!({
        "course": training.course,
        "hours_tenths": training.hours_tenths,
        "score": training.score,
    }));
    state
        .repo()
        .add_training(person.id, &training, state.clock.now(), &audit)
        .await
        .or_internal()
}

/// Records the manager's assessment of the person for a quarter (one per quarter).
pub async fn add_assessment(
    state: &AppState,
    manager: &StaffRecord,
    id: StaffId,
    form: &AssessmentForm,
) -> Result<(), AppError> {
    let org = Organisation::of(state, manager).await?;
    let person = reachable(state, manager, &org, id).await?;
    if person.id == manager.id {
        return Err(AppError::invalid(Field::StaffMember, Problem::NotYourself));
    }
    let CheckedAssessment {
        period,
        scores,
        comment,
    } = form.parse().map_err(|(f, p)| AppError::invalid(f, p))?;
    let audit = audit(state, manager, "staff.assessed", person.id)
        .with_detail(json!({ "period": period, "scores": scores }));
    let new = crate::server::db::NewAssessment {
        staff: person.id,
        period,
        scores,
        comment,
        by: manager.id,
        at: state.clock.now(),
    };
    match state
        .repo()
        .add_assessment(&new, &audit)
        .await
        .or_internal()?
    {
        Created::Created(_) => Ok(()),
        Created::AlreadyExists => Err(AppError::invalid(Field::Period, Problem::AlreadyTaken)),
    }
}
