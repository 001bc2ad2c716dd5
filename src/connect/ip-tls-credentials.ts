// TLS to a server named by an IP address, without Node's DEP0123 warning. grpc-js always sets the TLS
// servername (SNI) to the host it dials, and Node warns once per process when that is an IP address
// ("Setting the TLS ServerName to an IP address is not permitted by RFC 6066"), which reached users as
// a deprecation message on stderr for `sc://10.0.0.5/;use_ssl=true`. SNI carries only host names, so
// for an address we connect the TLS socket ourselves with no servername and verify the certificate
// against the address (its IP subjectAltNames), exactly as Node does when no servername is given.
import { ChannelCredentials, credentials as grpcCredentials } from '@grpc/grpc-js';
import { isIP } from 'node:net';
import { checkServerIdentity, connect as connectTls, createSecureContext, type SecureContext } from 'node:tls';

type SecureConnector = ReturnType<ChannelCredentials['_createSecureConnector']>;
type CallCredentialsArg = Parameters<ChannelCredentials['_createSecureConnector']>[2];

export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/**
 * TLS channel credentials for a server verified as `verifyName` (the server-name override, else the
 * host). Names go through grpc-js's own credentials (the override travels as a channel option); an IP
 * address gets credentials that send no SNI.
 */
export function tlsCredentials(tls: TlsFiles, verifyName: string): ChannelCredentials {
  if (isIP(verifyName) === 0) return grpcCredentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null);
  return new IpAddressTlsCredentials(createSecureContext({ ca: tls.ca, cert: tls.cert, key: tls.key }), verifyName);
}

/** ChannelCredentials whose connections verify the server against an IP address and send no SNI. */
export class IpAddressTlsCredentials extends ChannelCredentials {
  constructor(private readonly context: SecureContext, readonly address: string) {
    super();
  }

  _isSecure(): boolean {
    return true;
  }

  _equals(other: ChannelCredentials): boolean {
    return other === this;
  }

  _createSecureConnector(_target: unknown, _options: unknown, callCredentials?: CallCredentialsArg): SecureConnector {
    const { context, address } = this;
    return {
      connect: (socket) => new Promise((resolve, reject) => {
        const tlsSocket = connectTls({
          socket, secureContext: context, host: address, ALPNProtocols: ['h2'],
          checkServerIdentity: (_host, cert) => checkServerIdentity(address, cert),
        }, () => {
          // rejectUnauthorized is on (Node's default), so an unverified peer already failed; belt and braces.
          if (!tlsSocket.authorized) reject(tlsSocket.authorizationError);
          else resolve({ socket: tlsSocket, secure: true });
        });
        tlsSocket.on('error', reject);
      }),
      waitForReady: () => Promise.resolve(),
      getCallCredentials: () => callCredentials ?? grpcCredentials.createEmpty(),
      destroy: () => undefined,
    };
  }
}
