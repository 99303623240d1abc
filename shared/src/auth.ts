import { z } from 'zod';
import { Locale, Role } from './enums.ts';

export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email());
export const Password = z.string().min(8).max(200);

export const LoginBody = z.strictObject({ email: Email, password: z.string().min(1).max(200) });
export const RegisterBody = z.strictObject({
  email: Email,
  password: Password,
  name: z.string().trim().min(1).max(120),
  locale: Locale.optional(),
});
export const ChangePasswordBody = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: Password });

export const UserScope = z.object({
  districts: z.array(z.string()),
  services: z.array(z.string()),
  organization: z.object({ id: z.uuid(), name: z.string(), type: z.string(), districtSlug: z.string() }).nullable(),
});
export type UserScope = z.infer<typeof UserScope>;

export const CurrentUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: Role,
  locale: Locale,
  scope: UserScope,
});
export type CurrentUser = z.infer<typeof CurrentUser>;
export const UserResponse = z.object({ user: CurrentUser });
/**
 * Registration answers the same whether the email is new or already has an account (whose owner is emailed
 * instead), so the form cannot be used to find out who is registered. A new account then signs in as usual.
 */
export const RegisterResponse = z.object({ accepted: z.literal(true) });
