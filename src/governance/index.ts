export { personalPlan, setPersonalColumns, type PersonalPlan, type LogPersonal } from './personal-columns.ts';
export { listMembers, addMember, removeMember, checkMembership } from './members.ts';
export { addFinding, updateFinding, listFindings, type NewFinding, type FindingFilter } from './findings.ts';
export { exportSubject, eraseSubject, type SubjectSelector } from './subjects.ts';
export { decisionLineage, runLineage } from './lineage.ts';
export { scrub, type ScrubPlan } from './scrub.ts';
