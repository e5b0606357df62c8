//! The server functions: the only door between the browser and the server.
//!
//! Each is a public HTTP endpoint (`POST /api/<endpoint>`, JSON in and out) with a stable,
//! explicit endpoint name. Each one is thin: it reads the session and state from the request,
//! authorizes the caller, and calls a plain service function in `server::services`. In the
//! browser build the same declarations become typed HTTP calls.

pub mod auth;
pub mod booking;
pub mod cars;
pub mod catalog;
pub mod complaints;
pub mod feedback;
pub mod kpis;
pub mod organisation;
pub mod outlet_settings;
pub mod reception;
pub mod scorecards;
pub mod work_orders;

#[cfg(feature = "ssr")]
pub mod context;

/// Every server function's endpoint, registered explicitly at router build time so that the
/// server can never lack one (the tests call each of these over HTTP).
#[cfg(feature = "ssr")]
pub fn register_server_functions() {
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<auth::SendCode>();
    register_explicit::<auth::Register>();
    register_explicit::<auth::ResetPassword>();
    register_explicit::<auth::SignIn>();
    register_explicit::<auth::StaffSignIn>();
    register_explicit::<auth::SignOut>();
    register_explicit::<auth::WhoAmI>();
    register_explicit::<auth::EraseMyData>();
    register_explicit::<catalog::ListOutlets>();
    register_explicit::<catalog::ListServiceTypes>();
    register_explicit::<catalog::GetCatalogue>();
    register_explicit::<catalog::SaveService>();
    register_explicit::<catalog::SetServiceActive>();
    register_explicit::<catalog::AddServicePart>();
    register_explicit::<catalog::RemoveServicePart>();
    register_explicit::<catalog::OfferService>();
    register_explicit::<kpis::GetDashboard>();
    register_explicit::<kpis::GetDrill>();
    register_explicit::<kpis::GetActionBoard>();
    register_explicit::<kpis::OpenAction>();
    register_explicit::<kpis::StepAction>();
    register_explicit::<cars::MyCars>();
    register_explicit::<cars::AddMyCar>();
    register_explicit::<booking::GetAvailability>();
    register_explicit::<booking::BookService>();
    register_explicit::<booking::MyBookings>();
    register_explicit::<booking::MoveAvailability>();
    register_explicit::<booking::RescheduleBooking>();
    register_explicit::<booking::CancelBooking>();
    register_explicit::<outlet_settings::GetOutletSettings>();
    register_explicit::<outlet_settings::SavePolicyNumbers>();
    register_explicit::<outlet_settings::SaveOpeningHours>();
    register_explicit::<outlet_settings::SaveBays>();
    register_explicit::<outlet_settings::AddClosure>();
    register_explicit::<outlet_settings::RemoveClosure>();
    register_explicit::<outlet_settings::BookingsToMove>();
    register_explicit::<organisation::GetOrgChart>();
    register_explicit::<organisation::AddRegion>();
    register_explicit::<organisation::AddOutlet>();
    register_explicit::<organisation::MoveOutlet>();
    register_explicit::<organisation::GetPeople>();
    register_explicit::<organisation::SavePerson>();
    register_explicit::<organisation::SetPersonActive>();
    register_explicit::<organisation::ResetPersonPassword>();
    register_explicit::<organisation::AddCertificate>();
    register_explicit::<organisation::RemoveCertificate>();
    register_explicit::<organisation::ChangeMyPassword>();
    register_explicit::<organisation::WorkAt>();
    register_explicit::<organisation::AddTraining>();
    register_explicit::<organisation::AddAssessment>();
    register_explicit::<organisation::BrowseAuditLog>();
    register_explicit::<organisation::CheckAuditChain>();
    register_explicit::<reception::DeskDayBoard>();
    register_explicit::<reception::MarkArrived>();
    register_explicit::<reception::MarkNoShow>();
    register_explicit::<reception::FindCustomer>();
    register_explicit::<reception::CreateCustomer>();
    register_explicit::<reception::AddCustomerCar>();
    register_explicit::<reception::DeskAvailability>();
    register_explicit::<reception::BookForCustomer>();
    register_explicit::<work_orders::PrepareCheckIn>();
    register_explicit::<work_orders::CheckInCar>();
    register_explicit::<work_orders::StaffWorkOrder>();
    register_explicit::<work_orders::WorkOrderStep>();
    register_explicit::<work_orders::AddWorkOrderNote>();
    register_explicit::<work_orders::AddEstimateLine>();
    register_explicit::<work_orders::AddWorkOrderPhoto>();
    register_explicit::<work_orders::GetDispatchBoard>();
    register_explicit::<work_orders::MyJobs>();
    register_explicit::<work_orders::NotificationsOutbox>();
    register_explicit::<work_orders::MyWorkOrders>();
    register_explicit::<work_orders::MyWorkOrder>();
    register_explicit::<work_orders::ApproveItems>();
    register_explicit::<work_orders::RecordCustomerDecision>();
    register_explicit::<work_orders::TrackedWorkOrder>();
    register_explicit::<work_orders::MyMessages>();
    register_explicit::<feedback::OpenSurvey>();
    register_explicit::<feedback::AnswerSurvey>();
    register_explicit::<feedback::FollowUpList>();
    register_explicit::<feedback::RecordFollowUp>();
    register_explicit::<complaints::FileComplaint>();
    register_explicit::<complaints::MyComplaints>();
    register_explicit::<complaints::CustomerComplaint>();
    register_explicit::<complaints::ComplaintCustomerAction>();
    register_explicit::<complaints::AddComplaintPhoto>();
    register_explicit::<complaints::ComplaintQueue>();
    register_explicit::<complaints::ComplaintOutlets>();
    register_explicit::<complaints::StaffComplaint>();
    register_explicit::<complaints::ComplaintStep>();
}
