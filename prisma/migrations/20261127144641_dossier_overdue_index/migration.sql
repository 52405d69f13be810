-- CreateIndex
CREATE INDEX "dossiers_ma_don_vi_ngay_hoan_thanh_han_xu_ly_idx" ON "dossiers"("ma_don_vi", "ngay_hoan_thanh", "han_xu_ly");
