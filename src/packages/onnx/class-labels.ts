import type { GraphProto } from './onnx-types.ts';
import { intsAttribute, stringsAttribute } from './walk-graph.ts';

const MAX_DEPTH = 16;

/**
 * Class labels of the classifier (skl2onnx's *Classifier ops) that produces `tensor`, directly or through the
 * first input of the ops in between (Normalizer, Cast, Identity...). Null when there is none.
 */
export function classifierLabels(graph: GraphProto, tensor: string): (number | string)[] | null {
  let current = tensor;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const node = (graph.node ?? []).find((n) => (n.output ?? []).includes(current));
    if (!node) return null;
    if ((node.opType ?? '').endsWith('Classifier')) {
      return intsAttribute(node, 'classlabels_int64s') ?? intsAttribute(node, 'classlabels_ints') ?? stringsAttribute(node, 'classlabels_strings');
    }
    const first = node.input?.[0];
    if (!first) return null;
    current = first;
  }
  return null;
}
