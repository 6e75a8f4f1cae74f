import { crc32 } from 'node:zlib';
import { type UnzipFileInfo, unzipSync } from 'fflate';

/** One file of a zip archive. */
export interface ZipEntry {
  path: string;
  content: Buffer;
}

/** The CRC-32 each entry of the central directory declares, by name (ZIP64 archives included). */
function declaredCrcs(archive: Buffer): Map<string, number> {
  let eocd = archive.length - 22;
  while (eocd >= 0 && archive.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip archive');
  let count = archive.readUInt16LE(eocd + 10);
  let offset = archive.readUInt32LE(eocd + 16);
  // A ZIP64 end record (located just before the classic one) holds the real count and offset.
  if (eocd >= 20 && archive.readUInt32LE(eocd - 20) === 0x07064b50) {
    const z64 = Number(archive.readBigUInt64LE(eocd - 12));
    if (archive.readUInt32LE(z64) === 0x06064b50) {
      count = Number(archive.readBigUInt64LE(z64 + 32));
      offset = Number(archive.readBigUInt64LE(z64 + 48));
    }
  }
  const crcs = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const nameLength = archive.readUInt16LE(offset + 28);
    // Decoded as fflate decodes it: UTF-8 when the entry's flag says so, else Latin-1.
    const utf8 = (archive.readUInt16LE(offset + 8) & 0x800) !== 0;
    const name = archive.subarray(offset + 46, offset + 46 + nameLength).toString(utf8 ? 'utf8' : 'latin1');
    crcs.set(name, archive.readUInt32LE(offset + 16));
    offset += 46 + nameLength + archive.readUInt16LE(offset + 30) + archive.readUInt16LE(offset + 32);
  }
  return crcs;
}

/**
 * Reads the files of a zip archive (stored or deflated entries, ZIP64 included) with fflate, as GitHub Actions
 * artifacts come. Bounded before anything is inflated: the sizes the archive declares must stay within `maxBytes`
 * together; an entry that inflates to other bytes than it declares (a lying size, a corrupt stream) fails its CRC.
 */
export function unzip(archive: Buffer, maxBytes: number): ZipEntry[] {
  const declared: UnzipFileInfo[] = [];
  // First pass: the central directory only (the filter refuses every entry, so nothing is inflated).
  unzipSync(archive, {
    filter: (info) => {
      if (!info.name.endsWith('/')) declared.push(info);
      return false;
    },
  });
  const total = declared.reduce((sum, info) => sum + info.originalSize, 0);
  if (total > maxBytes)
    throw new Error(`zip archive declares ${total} bytes uncompressed, over the ${maxBytes}-byte limit; not inflated`);
  for (const info of declared)
    if (info.compression !== 0 && info.compression !== 8)
      throw new Error(`${info.name}: unsupported zip compression method ${info.compression}`);
  // fflate inflates each entry into a buffer of its declared size and never past it.
  const files = unzipSync(archive, { filter: (info) => !info.name.endsWith('/') });
  const crcs = declaredCrcs(archive);
  return Object.entries(files).map(([path, content]) => {
    if (crc32(content) !== crcs.get(path)) throw new Error(`${path}: CRC mismatch, the zip entry is corrupt`);
    return { path, content: Buffer.from(content.buffer, content.byteOffset, content.byteLength) };
  });
}
