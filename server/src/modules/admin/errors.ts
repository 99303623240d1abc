import createError from '@fastify/error';

export const InviteUsed = createError('INVITE_USED', 'This invite link was already used; sign in, or ask for a new invite', 409);
export const InviteExpired = createError('INVITE_EXPIRED', 'This invite link has expired; ask the admin for a new one', 410);
export const LastAdmin = createError('LAST_ADMIN', 'This is the last active admin: make another admin first', 409);
export const ReferenceInUse = createError<[string]>('REFERENCE_IN_USE', '%s', 409);
