import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type AuthenticatedRequest, IS_PUBLIC } from './auth.decorators';
import { UnauthenticatedError } from './identity.errors';
import { TokenVerifier } from './token-verifier';

/** Requires `Authorization: Bearer <jwt>` on every route not marked @Public(), and puts the Actor on the request. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    // Other transports carry no Authorization header; refusing them beats letting them through unchecked.
    if (context.getType() !== 'http') throw new UnauthenticatedError('Only HTTP requests can be authenticated');
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.actor = await this.verifier.verify(bearerToken(request.headers['authorization']));
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string {
  const token = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header)?.[1] : undefined;
  if (!token) throw new UnauthenticatedError('Missing "Authorization: Bearer <token>" header');
  return token;
}
