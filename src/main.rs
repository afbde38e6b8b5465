fn main() {
    std::process::exit(tcpsleuth::cli::run());
}
