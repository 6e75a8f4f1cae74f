import { describe, expect, it } from 'vitest';
import { stateFromName } from '../../../src/sources/code/auth/auth-signals.js';

describe('a guard told by its name', () => {
  it('reads guards named after the signed-in caller as required', () => {
    for (const name of [
      'requireAuth',
      'ensureLoggedIn',
      'isAuthenticated',
      'requireUser',
      'ensure_user',
      'verifyUser',
      'checkUser',
      'checkUserSession',
      'RequireUserLoggedIn',
      'isUser',
      'hasUserRole',
    ])
      expect(stateFromName(name), name).toBe('required');
  });

  it('does not read checks of a user a request names as guards', () => {
    // A sign-up's `services.CheckUserMail(body.Email)`, a lookup `IsUserExists(email)`, a sign-in's
    // `ValidateUser(username, password)`: they test the input, not who calls.
    for (const name of [
      'CheckUserMail',
      'IsUserExists',
      'ValidateUser',
      'checkUsername',
      'isUserNameTaken',
      'hasUsers',
    ])
      expect(stateFromName(name), name).not.toBe('required');
  });
});
