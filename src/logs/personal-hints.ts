/** Column-name fragments that usually mean personal data (GDPR Art. 4(1) identifiers and contact details). */
const PERSONAL_FRAGMENTS = [
  'name', 'email', 'e_mail', 'phone', 'mobile', 'address', 'street', 'zip', 'postcode', 'postal', 'birth', 'dob',
  'ssn', 'social_security', 'passport', 'national_id', 'tax_id', 'iban', 'account_number', 'card_number', 'ip_address',
  'applicant_id', 'customer_id', 'client_id', 'person_id', 'subject_id', 'user_id', 'patient_id', 'member_id',
];

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

/**
 * The columns an import should probably mark personal: names that look like identifiers or contact details of a
 * person. Protected attributes are not suggested: they are analysed by group, and whether a role may see them row by
 * row is the user's choice. A suggestion only: the user decides in the import wizard.
 */
export function personalSuggestions(columns: readonly string[], decisionIdColumn: string | null): string[] {
  return columns.filter((c) => {
    if (c === decisionIdColumn) return false;
    const k = normalise(c);
    return PERSONAL_FRAGMENTS.some((f) => k === f || k.startsWith(`${f}_`) || k.endsWith(`_${f}`) || k.includes(`_${f}_`));
  });
}
