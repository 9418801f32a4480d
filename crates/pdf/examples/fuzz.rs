//! Crude mutation fuzzing: `--example fuzz -- ITERATIONS FILES…`; flips, inserts and truncates bytes and checks
//! that extraction returns (any result) without panicking.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args[1].parse().expect("iterations");
    let files: Vec<Vec<u8>> = args[2..]
        .iter()
        .map(|f| std::fs::read(f).expect("read"))
        .collect();
    std::panic::set_hook(Box::new(|info| {
        eprintln!("PANIC: {info}");
        std::process::abort();
    }));
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let tokens: [&[u8]; 12] = [
        b"[", b"]", b"<<", b">>", b"(", b")", b" Tj ", b" TJ ", b" Do ", b" q ", b"-1e9",
        b" 0 0 R ",
    ];
    for i in 0..n {
        let mut b = files[i % files.len()].clone();
        for _ in 0..1 + rnd() % 8 {
            if b.is_empty() {
                break;
            }
            let at = (rnd() as usize) % b.len();
            match rnd() % 4 {
                0 => b[at] = rnd() as u8,
                1 => {
                    let t = tokens[(rnd() as usize) % tokens.len()];
                    b.splice(at..at, t.iter().copied());
                }
                2 => {
                    let end = (at + (rnd() as usize % 64)).min(b.len());
                    b.drain(at..end);
                }
                _ => b.truncate(at.max(8)),
            }
        }
        let t = std::time::Instant::now();
        let _ = pinpoint_pdf::extract(&b, &pinpoint_pdf::Limits::default());
        if t.elapsed().as_secs() > 5 {
            eprintln!("SLOW: iteration {i} took {:?}", t.elapsed());
        }
    }
    println!("ok: {n} iterations");
}
