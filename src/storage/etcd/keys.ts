// etcd addresses "every key with this prefix" as the half-open range [prefix, prefixEnd(prefix)).

/** The smallest key greater than every key starting with prefix (clientv3.GetPrefixRangeEnd). */
export function prefixEnd(prefix: string): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]! += 1;
      return end.subarray(0, i + 1);
    }
  }
  // All 0xff (never for our printable-ASCII keys): etcd reads "\0" as "to the end of the keyspace".
  return Buffer.from([0]);
}
