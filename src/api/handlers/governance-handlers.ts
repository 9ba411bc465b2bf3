import { listAudit, verifyAudit } from '../../audit/index.ts';
import {
  addFinding, addMember, decisionLineage, eraseSubject, exportSubject, listFindings, listMembers, removeMember, runLineage, setPersonalColumns, updateFinding,
} from '../../governance/index.ts';
import { ROLE_SEES_PERSONAL_DATA, type MethodArgs } from '../contract.ts';
import type {
  AuditVerification, FindingData, LineageResult, MemberData, MemberList, PersonalColumnsResult, SubjectErasure, SubjectExport,
} from '../contract-governance.ts';
import type { AuditEntryData } from '../contract-types.ts';
import { AssayError } from '../errors.ts';
import type { HandlerContext } from '../handler-context.ts';

function checkTime(value: string | undefined, name: string): void {
  if (value !== undefined && Number.isNaN(Date.parse(value))) {
    throw new AssayError('BAD_ARGUMENT', `${name} takes a date or timestamp such as 2026-01-31 or 2026-01-31T12:00:00Z, not "${value}".`, { [name]: value });
  }
}

export async function listAuditTrail(ctx: HandlerContext, args: MethodArgs<'audit.list'>): Promise<AuditEntryData[]> {
  checkTime(args.from, 'from');
  checkTime(args.to, 'to');
  return listAudit(await ctx.openCase(), args);
}

export async function verifyAuditTrail(ctx: HandlerContext, args: MethodArgs<'audit.verify'>): Promise<AuditVerification> {
  return verifyAudit(await ctx.openCase(), args.expectHead);
}

function memberList(members: MemberData[]): MemberList {
  return { enforced: members.length > 0, members, seesPersonalData: { ...ROLE_SEES_PERSONAL_DATA } };
}

export async function listCaseMembers(ctx: HandlerContext): Promise<MemberList> {
  return memberList(await listMembers(await ctx.openCase()));
}

export async function addCaseMember(ctx: HandlerContext, args: MethodArgs<'member.add'>): Promise<MemberList> {
  return memberList(await addMember(await ctx.openCase(), args.user, args.role, ctx.user));
}

export async function removeCaseMember(ctx: HandlerContext, args: MethodArgs<'member.remove'>): Promise<MemberList> {
  return memberList(await removeMember(await ctx.openCase(), args.user, args.role));
}

export async function addCaseFinding(ctx: HandlerContext, args: MethodArgs<'finding.add'>): Promise<FindingData> {
  return addFinding(await ctx.openCase(), { ...args, user: ctx.user });
}

export async function updateCaseFinding(ctx: HandlerContext, args: MethodArgs<'finding.update'>): Promise<FindingData> {
  const { id, ...change } = args;
  return updateFinding(await ctx.openCase(), id, change, ctx.user);
}

export async function listCaseFindings(ctx: HandlerContext, args: MethodArgs<'finding.list'>): Promise<FindingData[]> {
  return listFindings(await ctx.openCase(), args);
}

export async function exportDataSubject(ctx: HandlerContext, args: MethodArgs<'subject.export'>): Promise<SubjectExport> {
  return exportSubject(await ctx.openCase(), args);
}

export async function eraseDataSubject(ctx: HandlerContext, args: MethodArgs<'subject.erase'>): Promise<SubjectErasure> {
  return eraseSubject(await ctx.openCase(), args, ctx.user);
}

export async function showLineage(ctx: HandlerContext, args: MethodArgs<'lineage.show'>): Promise<LineageResult> {
  const db = await ctx.openCase();
  if ((args.decisionId === undefined) === (args.runId === undefined)) {
    throw new AssayError('BAD_ARGUMENT', 'Name either a decision (--decision ID, with --log NAME when several logs hold it) or a run (--run ID).');
  }
  if (args.runId !== undefined) {
    if (args.log !== undefined) throw new AssayError('BAD_ARGUMENT', '--log goes with --decision, not with --run.');
    return runLineage(db, args.runId);
  }
  return decisionLineage(db, args.decisionId!, args.log);
}

export async function setPersonal(ctx: HandlerContext, args: MethodArgs<'log.personal'>): Promise<PersonalColumnsResult> {
  if (!args.add?.length && !args.remove?.length) {
    throw new AssayError('BAD_ARGUMENT', 'Name columns to mark personal (--add a,b) or to unmark (--remove c).');
  }
  const personalColumns = await setPersonalColumns(await ctx.openCase(), args.log, args.add ?? [], args.remove ?? []);
  return { log: args.log, personalColumns };
}
