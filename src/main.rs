fn main() {
    println!("consolidate: work in progress");
}
