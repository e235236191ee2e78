<?php
header('Content-Type: text/plain');
$db = new PDO('sqlite::memory:');
$db->exec('CREATE TABLE t (n INTEGER)');
foreach ([3, 1, 2] as $n) $db->exec("INSERT INTO t VALUES ($n)");
echo "fpm sqlite sum=", $db->query('SELECT sum(n) FROM t')->fetchColumn(), "\n";
echo "sapi: ", php_sapi_name(), "\n";
