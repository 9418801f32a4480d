fn main() {
    let b = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    println!(
        "{:?}",
        pinpoint_pdf::extract_page(&b, 1, &pinpoint_pdf::Limits::default())
    );
}
