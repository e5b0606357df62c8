//! The customer portal's browser app (`index.html`, served at `/`).

fn main() {
    aftersales::ui::portal::mount();
}
