import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@dsd/db/audit-chain';
import { deriveDecisionProgress } from '@dsd/shared/decisions';
import { assignmentMachine, canTransition, meetingMachine, proposalMachine } from '@dsd/shared/status-machines';

describe('status machines', () => {
  it('lets a meeting be held then closed, or cancelled while planned, and nothing else', () => {
    expect(canTransition(meetingMachine, 'planned', 'held')).toBe(true);
    expect(canTransition(meetingMachine, 'held', 'closed')).toBe(true);
    expect(canTransition(meetingMachine, 'planned', 'cancelled')).toBe(true);
    expect(canTransition(meetingMachine, 'held', 'cancelled')).toBe(false);
    expect(canTransition(meetingMachine, 'closed', 'held')).toBe(false);
    expect(canTransition(meetingMachine, 'planned', 'closed')).toBe(false);
  });

  it('reviews proposals before deciding them and lets authors withdraw only open ones', () => {
    expect(canTransition(proposalMachine, 'submitted', 'accepted')).toBe(false);
    expect(canTransition(proposalMachine, 'under_review', 'accepted')).toBe(true);
    expect(canTransition(proposalMachine, 'under_review', 'merged')).toBe(true);
    expect(canTransition(proposalMachine, 'submitted', 'withdrawn')).toBe(true);
    expect(canTransition(proposalMachine, 'accepted', 'withdrawn')).toBe(false);
  });

  it('walks an assignment from queued to done and back through a dispute', () => {
    const path = ['queued', 'dispatched', 'accepted', 'in_progress', 'blocked', 'in_progress', 'done', 'reopened', 'in_progress', 'done'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(assignmentMachine, path[i - 1]!, path[i]!)).toBe(true);
    expect(canTransition(assignmentMachine, 'done', 'queued')).toBe(false);
    expect(canTransition(assignmentMachine, 'done', 'cancelled')).toBe(false);
    expect(canTransition(assignmentMachine, 'cancelled', 'in_progress')).toBe(false);
  });
});

describe('decision progress', () => {
  it('is the share of the target reached when contributions are reported', () => {
    const r = deriveDecisionProgress({ value: 40 }, [
      { status: 'in_progress', progress: 30, contribution: 12 },
      { status: 'accepted', progress: 0, contribution: null },
    ]);
    expect(r).toEqual({ progress: 30, achieved: 12, status: 'in_progress' });
  });

  it('averages assignment progress without a target, counting done as 100', () => {
    const r = deriveDecisionProgress(null, [
      { status: 'done', progress: 80, contribution: null },
      { status: 'in_progress', progress: 50, contribution: null },
    ]);
    expect(r.progress).toBe(75);
    expect(r.status).toBe('in_progress');
  });

  it('is done when every live assignment is done and ignores cancelled ones', () => {
    const r = deriveDecisionProgress(null, [
      { status: 'done', progress: 100, contribution: null },
      { status: 'cancelled', progress: 0, contribution: null },
    ]);
    expect(r).toEqual({ progress: 100, achieved: null, status: 'done' });
  });

  it('is open while assignments are only queued or dispatched', () => {
    expect(deriveDecisionProgress(null, [{ status: 'queued', progress: 0, contribution: null }]).status).toBe('open');
    expect(deriveDecisionProgress(null, [{ status: 'cancelled', progress: 0, contribution: null }]).status).toBe('cancelled');
  });
});

describe('canonical JSON for the audit hash', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, 2] }, b: 1 }));
  });
});
