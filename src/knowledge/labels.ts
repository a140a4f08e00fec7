import type { FactField } from './schema.js';
import type { Bilingual } from './schema.js';

/** How each profile field is called in answers. The words match the glossary's topic terms on purpose. */
export const FIELD_LABELS: Record<FactField | 'summary', Bilingual> = {
  summary: { ko: '개요', en: 'Overview' },
  legal_basis: { ko: '법적 근거', en: 'Legal basis' },
  rights: { ko: '등록 가능한 권리', en: 'Rights that can be recorded' },
  local_registration: { ko: '현지 권리 등록 필요 여부', en: 'Local registration of the right' },
  who_may_apply: { ko: '신청인 자격', en: 'Who may apply' },
  local_agent: { ko: '현지 대리인', en: 'Local agent' },
  how_to_file: { ko: '신청 방법', en: 'How to file' },
  documents: { ko: '제출 서류', en: 'Documents' },
  fees: { ko: '수수료(관납료)', en: 'Official fees' },
  processing_time: { ko: '처리 기간', en: 'Processing time' },
  validity: { ko: '유효기간', en: 'Validity' },
  renewal: { ko: '갱신', en: 'Renewal' },
  updates: { ko: '등록 사항 변경', en: 'Updating the record' },
  detention: { ko: '세관 억류 시 절차', en: 'When customs detains goods' },
  holder_deadline: { ko: '억류 통지 후 권리자 대응 기한', en: "Right holder's deadline after a detention notice" },
  bond: { ko: '담보', en: 'Bond or security' },
  costs: { ko: '보관·폐기 비용', en: 'Storage and destruction costs' },
  small_consignments: { ko: '소량·우편 화물', en: 'Small consignments' },
  ex_officio: { ko: '직권 단속', en: 'Ex officio action' },
  tips: { ko: '실무 팁', en: 'Practical tips' },
};

export const RIGHT_LABELS: Record<string, Bilingual> = {
  trademark: { ko: '상표', en: 'trademark' },
  copyright: { ko: '저작권', en: 'copyright' },
  patent: { ko: '특허', en: 'patent' },
  utility_model: { ko: '실용신안', en: 'utility model' },
  design: { ko: '디자인', en: 'design' },
  geographical_indication: { ko: '지리적 표시', en: 'geographical indication' },
  plant_variety: { ko: '식물 품종', en: 'plant variety' },
  trade_name: { ko: '상호', en: 'trade name' },
};
