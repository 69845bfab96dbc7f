//! Just enough of zip and DEFLATE (RFC 1951) to read the parts of an `.xlsx` back in tests:
//! entries found through the central directory, stored or deflated. Follows zlib's `puff`.

/// The entries of a zip archive: (name, contents). Panics on anything it cannot read.
pub fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let u16_at = |at: usize| u16::from_le_bytes([zip[at], zip[at + 1]]) as usize;
    let u32_at =
        |at: usize| u32::from_le_bytes([zip[at], zip[at + 1], zip[at + 2], zip[at + 3]]) as usize;
    let end = (0..=zip.len() - 22)
        .rev()
        .find(|&i| zip[i..i + 4] == *b"PK\x05\x06")
        .expect("end of central directory");
    let count = u16_at(end + 10);
    let mut at = u32_at(end + 16);
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        assert_eq!(&zip[at..at + 4], b"PK\x01\x02", "central directory entry");
        let method = u16_at(at + 10);
        let size = u32_at(at + 20);
        let name_len = u16_at(at + 28);
        let extra_len = u16_at(at + 30);
        let comment_len = u16_at(at + 32);
        let local = u32_at(at + 42);
        let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).expect("name");
        assert_eq!(&zip[local..local + 4], b"PK\x03\x04", "local header of {name}");
        let data = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let raw = &zip[data..data + size];
        let contents = match method {
            0 => raw.to_vec(),
            8 => inflate(raw),
            m => panic!("{name}: compression method {m}"),
        };
        out.push((name, contents));
        at += 46 + name_len + extra_len + comment_len;
    }
    out
}

/// The text of one entry.
pub fn text(zip: &[u8], name: &str) -> String {
    let (_, bytes) = entries(zip).into_iter().find(|(n, _)| n == name).unwrap_or_else(|| {
        panic!("no {name} in the archive");
    });
    String::from_utf8(bytes).expect("UTF-8")
}

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    buf: u32,
    count: u32,
}

impl Bits<'_> {
    fn bits(&mut self, need: u32) -> u32 {
        let mut val = self.buf;
        while self.count < need {
            let byte = u32::from(*self.data.get(self.pos).expect("deflate data ends early"));
            self.pos += 1;
            val |= byte << self.count;
            self.count += 8;
        }
        self.buf = val >> need;
        self.count -= need;
        val & ((1u32 << need) - 1)
    }

    fn decode(&mut self, h: &Huffman) -> usize {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..16 {
            code |= self.bits(1) as i32;
            let count = i32::from(h.count[len]);
            if code - count < first {
                return usize::from(h.symbol[(index + (code - first)) as usize]);
            }
            index += count;
            first += count;
            first <<= 1;
            code <<= 1;
        }
        panic!("bad Huffman code");
    }
}

struct Huffman {
    count: [u16; 16],
    symbol: Vec<u16>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Self {
        let mut count = [0u16; 16];
        for &l in lengths {
            count[usize::from(l)] += 1;
        }
        let mut offs = [0u16; 16];
        for len in 1..15 {
            offs[len + 1] = offs[len] + count[len];
        }
        let mut symbol = vec![0u16; lengths.len()];
        for (s, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbol[usize::from(offs[usize::from(l)])] = s as u16;
                offs[usize::from(l)] += 1;
            }
        }
        count[0] = 0;
        Huffman { count, symbol }
    }
}

const LBASE: [usize; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEXT: [u32; 29] =
    [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DBASE: [usize; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DEXT: [u32; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// Raw DEFLATE data decompressed.
pub fn inflate(data: &[u8]) -> Vec<u8> {
    let mut s = Bits { data, pos: 0, buf: 0, count: 0 };
    let mut out = Vec::new();
    loop {
        let last = s.bits(1) == 1;
        match s.bits(2) {
            0 => {
                s.buf = 0;
                s.count = 0;
                let len = usize::from(u16::from_le_bytes([data[s.pos], data[s.pos + 1]]));
                s.pos += 4;
                out.extend_from_slice(&data[s.pos..s.pos + len]);
                s.pos += len;
            }
            1 => {
                let mut lengths = [0u8; 288];
                for (i, l) in lengths.iter_mut().enumerate() {
                    *l = match i {
                        0..=143 => 8,
                        144..=255 => 9,
                        256..=279 => 7,
                        _ => 8,
                    };
                }
                let (lit, dist) = (Huffman::new(&lengths), Huffman::new(&[5u8; 30]));
                codes(&mut s, &mut out, &lit, &dist);
            }
            2 => {
                let nlen = s.bits(5) as usize + 257;
                let ndist = s.bits(5) as usize + 1;
                let ncode = s.bits(4) as usize + 4;
                const ORDER: [usize; 19] =
                    [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
                let mut lengths = [0u8; 320];
                for &o in ORDER.iter().take(ncode) {
                    lengths[o] = s.bits(3) as u8;
                }
                let lencode = Huffman::new(&lengths[..19]);
                let mut index = 0;
                while index < nlen + ndist {
                    let symbol = s.decode(&lencode);
                    if symbol < 16 {
                        lengths[index] = symbol as u8;
                        index += 1;
                        continue;
                    }
                    let (value, repeat) = match symbol {
                        16 => (lengths[index - 1], 3 + s.bits(2) as usize),
                        17 => (0, 3 + s.bits(3) as usize),
                        _ => (0, 11 + s.bits(7) as usize),
                    };
                    for _ in 0..repeat {
                        lengths[index] = value;
                        index += 1;
                    }
                }
                let lit = Huffman::new(&lengths[..nlen]);
                let dist = Huffman::new(&lengths[nlen..nlen + ndist]);
                codes(&mut s, &mut out, &lit, &dist);
            }
            _ => panic!("bad block type"),
        }
        if last {
            return out;
        }
    }
}

fn codes(s: &mut Bits, out: &mut Vec<u8>, lit: &Huffman, dist: &Huffman) {
    loop {
        let symbol = s.decode(lit);
        match symbol {
            0..=255 => out.push(symbol as u8),
            256 => return,
            _ => {
                let k = symbol - 257;
                let len = LBASE[k] + s.bits(LEXT[k]) as usize;
                let d = s.decode(dist);
                let back = DBASE[d] + s.bits(DEXT[d]) as usize;
                let start = out.len() - back;
                for i in 0..len {
                    out.push(out[start + i]);
                }
            }
        }
    }
}
