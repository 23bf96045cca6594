import { REF } from './citations';
import { hasClass, onlyBodyless, sendsBody } from './facts';
import { byClass, byHint, byMarker, when, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'expect-continue',
  title: 'Expect: 100-continue is mishandled between client and server',
  classes: ['reset', 'eof_closed', 'timeout', 'broken_pipe'],
  summary: [
    'The client asked "may I send the body?" (Expect: 100-continue) and a server or proxy mishandled it.',
    'Drop the Expect header (PHP/libcurl adds it to larger uploads by itself) or fix the server side.',
  ],
  mechanism:
    'With Expect: 100-continue a client sends only the request headers first and waits for a "100 Continue" ' +
    'interim response before uploading the body, so a server can refuse a large upload without receiving it. ' +
    'libcurl (and so PHP) adds this header on its own to POST and PUT uploads above a size threshold (1 KiB in ' +
    "older releases, 1 MiB in recent ones), and .NET Framework's HttpWebRequest does so by default. " +
    'Not every server or proxy copes: some reject it with 417 Expectation Failed, some never answer ' +
    'so the client stalls until its expect timeout and then sends anyway, and some close or reset the connection ' +
    'when the body arrives without the 100 they did not send. The result is a failure tied to uploads with a body ' +
    'above some size, from one client library, against one server or proxy.',
  raisedBy: [
    'The failing requests carry a body (POST/PUT/PATCH), typically larger uploads from PHP/libcurl or .NET Framework',
    'The error or log mentions Expect, 100-continue or 417',
    'A pause of about one second before uploads (libcurl waits that long for the 100 by default)',
  ],
  loweredBy: ['Requests without a body fail too', 'The client sends no Expect header'],
  confirm: {
    probeArgs: ['--post-body', '65536', '--expect-continue'],
    lookFor:
      'a reset, a 417 status, or a stall after the headers when --expect-continue is given, and success with the ' +
      'same --post-body without it.',
  },
  nextSteps: [
    'Log the request headers the client sends and check for Expect: 100-continue.',
    'In PHP/libcurl, send an empty "Expect:" header to suppress it; in .NET set ExpectContinue (HttpClient) or Expect100Continue (ServicePointManager) to false.',
    'If the server or proxy is yours, make it answer 100 Continue or a final status before the body arrives.',
  ],
  fixes: { go: ['expect-header'], php: ['expect-header'], node: ['expect-header'] },
  citations: [REF.expect, REF.status417, REF.curlExpect, REF.curlExpectGuide, REF.phpCurl, REF.tearDown],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [
    ...byClass(f, 'reset', 0.5),
    ...byClass(f, 'eof_closed', 0.3),
    ...byClass(f, 'broken_pipe', 0.3),
    ...byMarker(f, 'expect', 4),
  ];
  if (hasClass(f, 'reset', 'eof_closed', 'broken_pipe', 'timeout')) {
    out.push(...byHint(f, 'writing_body', 1.5, 'uploads are where Expect: 100-continue comes in'));
    out.push(...when(sendsBody(f), 0.3, `the request method (${[...f.methods].join(', ')}) sends a body`));
  }
  out.push(
    ...when(onlyBodyless(f), -2, 'only requests without a body failed, and they never send Expect'),
    ...byHint(f, 'connecting', -2),
    ...byHint(f, 'tls_handshake', -2),
    ...byMarker(f, 'tooLarge', -0.5, 'a size limit explains the refusal by itself'),
  );
  const ec = f.probe?.checks?.expectContinue;
  if (ec) {
    const plain = f.probe?.checks?.post;
    const plainOk = plain?.outcome === 'ok' ? ', while the same body without Expect went through' : '';
    if (ec.status === 417) out.push({ w: 4, why: `the probe's request with Expect: 100-continue was answered 417 Expectation Failed${plainOk}` });
    else if (ec.outcome === 'reset' || ec.outcome === 'eof' || ec.outcome === 'timeout') {
      out.push({ w: plainOk ? 4 : 3, why: `the probe's request with Expect: 100-continue ended in ${ec.outcome}${plainOk}` });
    } else if (ec.outcome === 'ok') out.push({ w: -2, why: 'the server handled the probe\'s Expect: 100-continue request correctly' });
  }
  return out;
}

export const expectContinue: CauseModule = { info, weigh };
