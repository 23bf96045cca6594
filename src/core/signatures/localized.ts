// strerror() texts as glibc prints them under a translated locale (LC_MESSAGES), extracted from
// the libc.mo catalogs of Debian's libc-l10n 2.36 on this machine. Windows FormatMessage texts for
// WSAECONNRESET in German, French and Spanish follow.
import { sig } from './define';
import type { ErrorClass } from '../types';
import type { Signature } from './types';

/** [locale, class, errno, text] */
const GLIBC: readonly [string, ErrorClass, string | null, string][] = [
  ["de", "reset", "ECONNRESET", "Die Verbindung wurde vom Kommunikationspartner zurückgesetzt"],
  ["de", "refused", "ECONNREFUSED", "Verbindungsaufbau abgelehnt"],
  ["de", "broken_pipe", "EPIPE", "Datenübergabe unterbrochen (broken pipe)"],
  ["de", "timeout", "ETIMEDOUT", "Die Wartezeit für die Verbindung ist abgelaufen"],
  ["de", "reset", "ECONNABORTED", "Das Programm verursachte den Abbruch der Verbindung"],
  ["fr", "reset", "ECONNRESET", "Connexion ré-initialisée par le correspondant"],
  ["fr", "refused", "ECONNREFUSED", "Connexion refusée"],
  ["fr", "broken_pipe", "EPIPE", "Relais brisé (pipe)"],
  ["fr", "timeout", "ETIMEDOUT", "Connexion terminée par expiration du délai d'attente"],
  ["fr", "reset", "ECONNABORTED", "Le logiciel a provoqué l'abandon de la connexion"],
  ["es", "reset", "ECONNRESET", "Conexión reinicializada por la máquina remota"],
  ["es", "refused", "ECONNREFUSED", "Conexión rehusada"],
  ["es", "broken_pipe", "EPIPE", "Tubería rota"],
  ["es", "timeout", "ETIMEDOUT", "Expiró el tiempo de conexión"],
  ["es", "reset", "ECONNABORTED", "El programa provocó el fin de la conexión"],
  ["it", "reset", "ECONNRESET", "Connessione interrotta dal corrispondente"],
  ["it", "refused", "ECONNREFUSED", "Connessione rifiutata"],
  ["it", "broken_pipe", "EPIPE", "Pipe interrotta"],
  ["it", "timeout", "ETIMEDOUT", "Connessione scaduta"],
  ["it", "reset", "ECONNABORTED", "Connessione interrotta per un problema software"],
  ["pt_BR", "reset", "ECONNRESET", "Conexão fechada pela outra ponta"],
  ["pt_BR", "refused", "ECONNREFUSED", "Conexão recusada"],
  ["pt_BR", "broken_pipe", "EPIPE", "Pipe quebrado"],
  ["pt_BR", "timeout", "ETIMEDOUT", "Tempo esgotado para conexão"],
  ["pt_BR", "reset", "ECONNABORTED", "Término de conexão causada por software"],
  ["ru", "reset", "ECONNRESET", "Соединение разорвано другой стороной"],
  ["ru", "refused", "ECONNREFUSED", "В соединении отказано"],
  ["ru", "broken_pipe", "EPIPE", "Обрыв канала"],
  ["ru", "timeout", "ETIMEDOUT", "Время ожидания соединения истекло"],
  ["ru", "reset", "ECONNABORTED", "Программа вызвала разрыв соединения"],
  ["uk", "reset", "ECONNRESET", "Вузол розірвав з’єднання"],
  ["uk", "refused", "ECONNREFUSED", "У з'єднанні відмовлено"],
  ["uk", "broken_pipe", "EPIPE", "Канал обірвано"],
  ["uk", "timeout", "ETIMEDOUT", "Перевищено інтервал очікування з'єднання"],
  ["uk", "reset", "ECONNABORTED", "З’єднання розірвано програмним забезпеченням"],
  ["pl", "reset", "ECONNRESET", "Połączenie zerwane przez drugą stronę"],
  ["pl", "refused", "ECONNREFUSED", "Połączenie odrzucone"],
  ["pl", "broken_pipe", "EPIPE", "Przerwany potok"],
  ["pl", "timeout", "ETIMEDOUT", "Przekroczony czas oczekiwania na połączenie"],
  ["pl", "reset", "ECONNABORTED", "Oprogramowanie spowodowało przerwanie połączenia"],
  ["cs", "reset", "ECONNRESET", "Spojení zrušeno druhou stranou"],
  ["cs", "refused", "ECONNREFUSED", "Spojení odmítnuto"],
  ["cs", "broken_pipe", "EPIPE", "Roura přerušena (SIGPIPE)"],
  ["cs", "timeout", "ETIMEDOUT", "Spojení bylo příliš dlouho neaktivní"],
  ["cs", "reset", "ECONNABORTED", "Software způsobil ukončení spojení (abort)"],
  ["nl", "reset", "ECONNRESET", "Verbinding is weggevallen"],
  ["nl", "refused", "ECONNREFUSED", "Verbinding is geweigerd"],
  ["nl", "broken_pipe", "EPIPE", "Gebroken pijp"],
  ["nl", "timeout", "ETIMEDOUT", "Verbinding is verlopen"],
  ["nl", "reset", "ECONNABORTED", "Verbinding is verbroken door lokaal probleem"],
  ["sv", "reset", "ECONNRESET", "Förbindelse borttagen av partnern"],
  ["sv", "refused", "ECONNREFUSED", "Förbindelsen förvägrad"],
  ["sv", "broken_pipe", "EPIPE", "Brutet rör"],
  ["sv", "timeout", "ETIMEDOUT", "Förbindelsens tidsgräns löpte ut"],
  ["sv", "reset", "ECONNABORTED", "Programvaran orsakade ett förbindelsebrott"],
  ["tr", "reset", "ECONNRESET", "Bağlantı karşıdan kesildi"],
  ["tr", "refused", "ECONNREFUSED", "Bağlantı reddedildi"],
  ["tr", "broken_pipe", "EPIPE", "Veri alınamıyor"],
  ["tr", "timeout", "ETIMEDOUT", "Bağlantıda zaman aşımı"],
  ["tr", "reset", "ECONNABORTED", "Yazılım bağlantının kopmasına sebep oldu"],
  ["ja", "reset", "ECONNRESET", "接続が相手からリセットされました"],
  ["ja", "refused", "ECONNREFUSED", "接続を拒否されました"],
  ["ja", "timeout", "ETIMEDOUT", "接続がタイムアウトしました"],
  ["ja", "reset", "ECONNABORTED", "ソフトウェアが接続を中断しました"],
  ["zh_CN", "reset", "ECONNABORTED", "由软件导致的连接断开"],
  ["ko", "reset", "ECONNRESET", "상대편이 연결을 끊음"],
  ["ko", "broken_pipe", "EPIPE", "파이프가 깨어짐"],
  ["ko", "timeout", "ETIMEDOUT", "연결 시간 초과"],
  ["ko", "reset", "ECONNABORTED", "소프트웨어가 연결 중단을 초래했습니다"],
  ["zh_CN", "reset", "ECONNRESET", "连接被对方重设"],
  ["zh_CN", "refused", "ECONNREFUSED", "拒绝连接"],
  ["zh_CN", "broken_pipe", "EPIPE", "断开的管道"],
  ["zh_CN", "timeout", "ETIMEDOUT", "连接超时"],
  ["ko", "refused", "ECONNREFUSED", "연결이 거부됨"],
  ['de', 'reset', 'ECONNRESET', 'Verbindung durch Peer zurückgesetzt'],
  ['de', 'reset', 'WSAECONNRESET', 'Eine vorhandene Verbindung wurde vom Remotehost geschlossen'],
  ['fr', 'reset', 'WSAECONNRESET', 'Une connexion existante a dû être fermée par l’hôte distant'],
  ['es', 'reset', 'WSAECONNRESET', 'Se ha forzado la interrupción de una conexión existente por el host remoto'],
];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ids = new Set<string>();

/** One signature per translated text; ids are `l10n.<locale>.<errno>`. */
export const localizedSignatures: Signature[] = GLIBC.map(([locale, cls, errno, text], i) => {
  let id = `l10n.${locale}.${(errno ?? cls).toLowerCase()}`;
  if (ids.has(id)) id += `.${i}`;
  ids.add(id);
  return sig(id, 'os-l10n', cls, [text.toLowerCase()], new RegExp(escape(text)), { rank: 0, ...(errno ? { errno: { fixed: errno } } : {}) });
});
