<%@ page contentType="text/plain; charset=UTF-8" %><%
  java.util.List<Integer> squares = new java.util.ArrayList<>();
  for (int i = 1; i <= 5; i++) squares.add(i * i);
  java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
  byte[] d = md.digest("conformance".getBytes("UTF-8"));
  StringBuilder hex = new StringBuilder();
  for (byte b : d) hex.append(String.format("%02x", b));
%>jsp squares=<%= squares %>
sha256=<%= hex %>
