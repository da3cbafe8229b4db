/**
 * Narrows the answer of `node(id:)` to the type asked for with `... on T`. The
 * generated union's other member is an empty object, which `in` cannot exclude
 * (it has an index signature), hence this guard.
 */
export function hasField<N extends object, K extends string>(
  node: N | null | undefined,
  key: K,
): node is Exclude<N, Record<PropertyKey, never>> {
  return !!node && key in node;
}
