import { z } from 'zod';

/** `assay-package/1` manifest (DESIGN.md §2.1 / docs/formats.md). */
export const PACKAGE_FORMAT = 'assay-package/1';

const safeRelativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !/^[a-zA-Z]:/.test(p) && !p.split('/').includes('..'), {
    message: 'must be a relative path inside the package (no "..", no leading "/")',
  });

export const featureSchema = z.discriminatedUnion('type', [
  z.object({ name: z.string().min(1), type: z.literal('numeric'), min: z.number().optional(), max: z.number().optional(), monotonic: z.enum(['increasing', 'decreasing']).optional(), description: z.string().optional() }),
  z.object({ name: z.string().min(1), type: z.literal('categorical'), levels: z.array(z.string()).min(1), description: z.string().optional() }),
]);

const scalarLabel = z.union([z.number(), z.string()]);

export const manifestSchema = z.object({
  format: z.literal(PACKAGE_FORMAT),
  id: z.string().min(1).regex(/^[A-Za-z0-9._-]+$/, 'may hold letters, digits, ".", "_" and "-" only'),
  version: z.string().min(1).regex(/^[A-Za-z0-9._+-]+$/, 'may hold letters, digits, ".", "_", "+" and "-" only'),
  task: z.literal('binary_classification'),
  model: z.object({ file: safeRelativePath }),
  features: z.array(featureSchema).min(1),
  input: z.union([
    z.object({ layout: z.literal('columns') }),
    z.object({ layout: z.literal('matrix'), name: z.string().min(1), unknown_value: z.number().default(-1) }),
  ]),
  output: z.object({ name: z.string().min(1), index: z.number().int().min(0) }),
  positive_class: scalarLabel,
  threshold: z.number().min(0).max(1),
  favorable_outcome: z.union([z.literal(0), z.literal(1)]),
  outcome_labels: z.record(z.string(), z.string()).optional(),
  label: z.string().optional(),
  protected_attributes: z.array(z.object({ name: z.string().min(1), reference: z.string().optional() })).default([]),
  reference_data: z.object({ file: safeRelativePath }).optional(),
  card: safeRelativePath.optional(),
  lineage: z.record(z.string(), z.unknown()).default({}),
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex sha256')).default({}),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type Feature = z.infer<typeof featureSchema>;
