/** The dossier CSV columns (DESIGN.md § Indicators), in the order the exports use. */
export const DOSSIER_HEAD =
  'ma_ho_so,ma_don_vi,ma_thu_tuc,kenh_nop,ngay_tiep_nhan,han_xu_ly,ngay_hoan_thanh,co_phi,thanh_toan_truc_tuyen,da_so_hoa,ket_qua_dien_tu,ly_do_tre_han';

/** One valid, open, online dossier row of unit XA1; `over` replaces any cell (also with bad values). */
export const dossierRow = (code: string, over: Partial<Record<string, string>> = {}) => {
  const v: Record<string, string> = {
    ma_ho_so: code,
    ma_don_vi: 'XA1',
    ma_thu_tuc: '1.001',
    kenh_nop: 'truc_tuyen',
    ngay_tiep_nhan: '2025-11-03T08:00',
    han_xu_ly: '2025-11-05T17:00',
    ngay_hoan_thanh: '',
    co_phi: '0',
    thanh_toan_truc_tuyen: '0',
    da_so_hoa: '0',
    ket_qua_dien_tu: '0',
    ly_do_tre_han: '',
    ...over,
  };
  return DOSSIER_HEAD.split(',')
    .map((c) => v[c])
    .join(',');
};
