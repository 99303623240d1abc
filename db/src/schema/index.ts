export * from './reference.ts';
export * from './users.ts';
export * from './meetings.ts';
export * from './proposals.ts';
export * from './decisions.ts';
export * from './activity.ts';
export * from './projections.ts';
export * from './open311.ts';
