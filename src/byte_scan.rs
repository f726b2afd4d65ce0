//! Which kinds of byte a text holds, for the escaping of HTML, JSON and CSV: each byte is
//! mapped to flags and the flags are ORed, 16 bytes at a time with no branch per byte, which
//! the compiler turns into vector compares. Most texts the build writes are short and need
//! nothing escaped, so the bytes after the last whole block are tested in blocks read from
//! the text's end, overlapping bytes already tested (harmless for an OR): a byte loop over
//! them was most of the time, and copying them into a padded block stalled on reading it back.

/// The OR of `flags` over the bytes of `block`.
#[inline(always)]
pub fn block_flags<const N: usize>(block: &[u8; N], flags: impl Fn(u8) -> u8) -> u8 {
    block.iter().fold(0, |found, &byte| found | flags(byte))
}

/// The OR of `flags` over the last 16 bytes of `bytes`, or over all of them when fewer.
#[inline(always)]
pub fn tail_flags(bytes: &[u8], flags: impl Fn(u8) -> u8 + Copy) -> u8 {
    if let Some(last) = bytes.last_chunk::<16>() {
        return block_flags(last, flags);
    }
    if let (Some(first), Some(last)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        return block_flags(first, flags) | block_flags(last, flags);
    }
    if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        return block_flags(first, flags) | block_flags(last, flags);
    }
    bytes.iter().fold(0, |found, &byte| found | flags(byte))
}

/// The OR of `flags` over every byte of `bytes`.
#[inline(always)]
pub fn text_flags(bytes: &[u8], flags: impl Fn(u8) -> u8 + Copy) -> u8 {
    let (blocks, rest) = bytes.as_chunks::<16>();
    let found = blocks
        .iter()
        .fold(0, |found, block| found | block_flags(block, flags));
    if rest.is_empty() {
        found
    } else {
        found | tail_flags(bytes, flags)
    }
}

#[cfg(test)]
mod tests {
    use super::text_flags;

    fn flags(byte: u8) -> u8 {
        match byte {
            b'"' => 1,
            b',' => 2,
            b'\n' => 4,
            _ => 0,
        }
    }

    #[test]
    fn every_byte_counts_wherever_it_lies() {
        for special in [b'"', b',', b'\n'] {
            for len in 0..=40 {
                for at in 0..len {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = special;
                    assert_eq!(text_flags(&bytes, flags), flags(special), "{len} {at}");
                    if at > 0 {
                        bytes[0] = b'"';
                        let both = flags(special) | 1;
                        assert_eq!(text_flags(&bytes, flags), both, "{len} {at} with a quote");
                    }
                }
                assert_eq!(text_flags(&vec![b'x'; len], flags), 0, "{len}");
            }
        }
    }
}
