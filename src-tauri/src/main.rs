fn main() {
    parallax_app_lib::run()
}
