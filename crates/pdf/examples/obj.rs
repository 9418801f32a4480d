//! Debug helper: prints an object (and a stream's decoded data): `--example obj -- FILE ID`, or a page's
//! content: `--example obj -- FILE page N`.
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let doc = lopdf::Document::load(&a[1]).expect("load");
    if a[2] == "root" {
        println!("{:?}", doc.catalog());
        return;
    }
    if a[2] == "page" {
        let n: u32 = a[3].parse().expect("n");
        let pages = doc.get_pages();
        let id = pages[&n];
        println!("{:?}", doc.get_dictionary(id));
        let c = doc.get_page_content(id);
        println!("{}", String::from_utf8_lossy(&c));
        return;
    }
    let id: u32 = a[2].parse().expect("id");
    let o = doc.get_object((id, 0)).expect("object");
    match o {
        lopdf::Object::Stream(s) => {
            println!("{:?}", s.dict);
            let d = s.get_plain_content().unwrap_or_default();
            println!("{}", String::from_utf8_lossy(&d[..d.len().min(20000)]));
        }
        o => println!("{o:?}"),
    }
}
