import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isParticipant } from '@fallverbund/kernel';
import { type Audience, AUDIENCE, type AuthenticatedRequest, IS_PUBLIC } from './auth.decorators';
import { ParticipantOnlyRouteError, StaffOnlyRouteError, UnauthenticatedError } from './identity.errors';
import { TokenVerifier } from './token-verifier';

/**
 * Requires `Authorization: Bearer <jwt>` on every route not marked @Public(), puts the Actor (staff) or
 * the participant on the request, and keeps each to its routes: a participant only where
 * @ForParticipants() or @ForAnyone() says so, staff nowhere @ForParticipants() says so (403).
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    // Other transports carry no Authorization header; refusing them beats letting them through unchecked.
    if (context.getType() !== 'http') throw new UnauthenticatedError('Only HTTP requests can be authenticated');
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.verifier.verify(bearerToken(request.headers['authorization']));
    const audience = this.reflector.getAllAndOverride<Audience | undefined>(AUDIENCE, targets) ?? 'staff';
    if (isParticipant(principal)) {
      // Set before refusing, so that the refusal's audit entry names who was refused.
      request.participant = principal;
      if (audience === 'staff')
        throw new StaffOnlyRouteError('this route is for agency staff; participants use /api/me');
    } else {
      request.actor = principal;
      if (audience === 'participant')
        throw new ParticipantOnlyRouteError('this route answers only the participant a case is about');
    }
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string {
  const token = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header)?.[1] : undefined;
  if (!token) throw new UnauthenticatedError('Missing "Authorization: Bearer <token>" header');
  return token;
}
